package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/client-go/kubernetes/fake"
	"k8s.io/kubectl/pkg/drain"
)

// The node every pod of a case is placed on (kubectl lists pods by spec.nodeName).
const nodeName = "oracle-node"

type drainInput struct {
	Cases []drainCase `json:"cases"`
}

type drainCase struct {
	// Pods as the apiserver returns them (metadata, spec.volumes, status.phase, ...).
	Pods []corev1.Pod `json:"pods"`
	// The DaemonSets that exist, as "namespace/name".
	DaemonSets []string     `json:"daemonSets"`
	Options    drainOptions `json:"options"`
}

// drainOptions are kubectl drain's flags of the same names.
type drainOptions struct {
	Force                           bool `json:"force"`
	DeleteEmptyDirData              bool `json:"deleteEmptyDirData"`
	IgnoreDaemonSets                bool `json:"ignoreDaemonSets"`
	SkipWaitForDeleteTimeoutSeconds int  `json:"skipWaitForDeleteTimeoutSeconds"`
}

// podVerdict is one pod's PodDeleteStatus: Delete says whether kubectl evicts (or deletes) it;
// Reason is Okay, Skip, Warning or Error; Message the warning or error text.
type podVerdict struct {
	Namespace string `json:"namespace"`
	Name      string `json:"name"`
	Delete    bool   `json:"delete"`
	Reason    string `json:"reason"`
	Message   string `json:"message,omitempty"`
}

type drainResult struct {
	Pods []podVerdict `json:"pods"`
	// What kubectl prints for the whole node: the pods it would evict, its warning line and its
	// errors (any error stops the drain before an eviction).
	Deleted  []string `json:"deleted"`
	Warnings string   `json:"warnings"`
	Errors   []string `json:"errors"`
}

func drainMain(input []byte) (any, error) {
	var in drainInput
	decoder := json.NewDecoder(bytes.NewReader(input))
	decoder.DisallowUnknownFields()
	if err := decoder.Decode(&in); err != nil {
		return nil, err
	}
	results := make([]drainResult, 0, len(in.Cases))
	for i, c := range in.Cases {
		result, err := drainOne(c)
		if err != nil {
			return nil, fmt.Errorf("case %d: %w", i, err)
		}
		results = append(results, result)
	}
	return map[string]any{"results": results}, nil
}

// helper is kubectl drain's Helper as `kubectl drain` builds it from these flags, against a fake
// clientset that holds exactly these pods and DaemonSets.
func helper(pods []corev1.Pod, daemonSets []string, options drainOptions) (*drain.Helper, error) {
	objects := []runtime.Object{}
	for i := range pods {
		pod := pods[i].DeepCopy()
		pod.Spec.NodeName = nodeName
		objects = append(objects, pod)
	}
	for _, key := range daemonSets {
		namespace, name, ok := strings.Cut(key, "/")
		if !ok {
			return nil, fmt.Errorf("DaemonSet %q is not namespace/name", key)
		}
		objects = append(objects, &appsv1.DaemonSet{ObjectMeta: metav1.ObjectMeta{Namespace: namespace, Name: name}})
	}
	return &drain.Helper{
		Ctx:                             context.Background(),
		Client:                          fake.NewSimpleClientset(objects...),
		Force:                           options.Force,
		DeleteEmptyDirData:              options.DeleteEmptyDirData,
		IgnoreAllDaemonSets:             options.IgnoreDaemonSets,
		SkipWaitForDeleteTimeoutSeconds: options.SkipWaitForDeleteTimeoutSeconds,
		GracePeriodSeconds:              -1,
		Out:                             io.Discard,
		ErrOut:                          io.Discard,
	}, nil
}

func podKey(pod *corev1.Pod) string {
	return pod.Namespace + "/" + pod.Name
}

// drainOne runs GetPodsForDeletion once per pod, which gives each pod's own status (the filters
// look at one pod at a time; PodDeleteList keeps the statuses private), and once for the node.
func drainOne(c drainCase) (drainResult, error) {
	result := drainResult{Pods: []podVerdict{}, Deleted: []string{}, Errors: []string{}}
	seen := map[string]bool{}
	for i := range c.Pods {
		pod := &c.Pods[i]
		key := podKey(pod)
		if seen[key] {
			return result, fmt.Errorf("pod %s appears twice", key)
		}
		seen[key] = true
		verdict, err := podStatus(pod, c.DaemonSets, c.Options)
		if err != nil {
			return result, fmt.Errorf("pod %s: %w", key, err)
		}
		result.Pods = append(result.Pods, verdict)
	}

	h, err := helper(c.Pods, c.DaemonSets, c.Options)
	if err != nil {
		return result, err
	}
	list, errs := h.GetPodsForDeletion(nodeName)
	if list == nil {
		return result, fmt.Errorf("listing pods failed: %v", errs)
	}
	for _, pod := range list.Pods() {
		result.Deleted = append(result.Deleted, podKey(&pod))
	}
	result.Warnings = list.Warnings()
	for _, e := range errs {
		result.Errors = append(result.Errors, e.Error())
	}
	// kubectl groups errors in a map: sorted here so equal inputs print equal outputs.
	sort.Strings(result.Errors)
	return result, nil
}

func podStatus(pod *corev1.Pod, daemonSets []string, options drainOptions) (podVerdict, error) {
	verdict := podVerdict{Namespace: pod.Namespace, Name: pod.Name}
	key := podKey(pod)
	h, err := helper([]corev1.Pod{*pod}, daemonSets, options)
	if err != nil {
		return verdict, err
	}
	list, errs := h.GetPodsForDeletion(nodeName)
	if list == nil {
		return verdict, fmt.Errorf("listing pods failed: %v", errs)
	}
	verdict.Delete = len(list.Pods()) == 1
	// One pod: Warnings() is "<message>: ns/name", each error "cannot delete <message>: ns/name".
	suffix := ": " + key
	switch {
	case len(errs) == 1:
		text := errs[0].Error()
		if !strings.HasPrefix(text, "cannot delete ") || !strings.HasSuffix(text, suffix) {
			return verdict, fmt.Errorf("unexpected error shape %q", text)
		}
		verdict.Reason = "Error"
		verdict.Message = strings.TrimSuffix(strings.TrimPrefix(text, "cannot delete "), suffix)
	case len(errs) > 1:
		return verdict, fmt.Errorf("%d errors for one pod: %v", len(errs), errs)
	case list.Warnings() != "":
		text := list.Warnings()
		if !strings.HasSuffix(text, suffix) {
			return verdict, fmt.Errorf("unexpected warning shape %q", text)
		}
		verdict.Reason = "Warning"
		verdict.Message = strings.TrimSuffix(text, suffix)
	case verdict.Delete:
		verdict.Reason = "Okay"
	default:
		verdict.Reason = "Skip"
	}
	return verdict, nil
}
