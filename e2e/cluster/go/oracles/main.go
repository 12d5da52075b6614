// Command oracles answers, from the real upstream code, the questions the console answers itself,
// so tests can compare the two (e2e/cluster/build-oracles.sh builds it; see README "Oracles").
//
//	oracles drain < {"cases":[{pods, daemonSets, options}]}   -> {"results":[...]}
//	oracles csr   < {"requests":["-----BEGIN CERTIFICATE REQUEST-----..."]} -> {"results":[...]}
//
// drain runs k8s.io/kubectl/pkg/drain's Helper.GetPodsForDeletion (the filters `kubectl drain`
// applies before it evicts anything) against a fake clientset holding the pods and DaemonSets;
// csr runs crypto/x509.ParseCertificateRequest and CheckSignature, what kube-apiserver's CSR
// validation, the kube-controller-manager signer and the x509 authenticator rely on.
package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
)

func main() {
	if len(os.Args) != 2 {
		fail("usage: oracles drain|csr < input.json > output.json")
	}
	input, err := io.ReadAll(os.Stdin)
	if err != nil {
		fail("read stdin: %v", err)
	}
	var output any
	switch os.Args[1] {
	case "drain":
		output, err = drainMain(input)
	case "csr":
		output, err = csrMain(input)
	default:
		fail("unknown oracle %q (drain or csr)", os.Args[1])
	}
	if err != nil {
		fail("%s: %v", os.Args[1], err)
	}
	encoder := json.NewEncoder(os.Stdout)
	encoder.SetEscapeHTML(false)
	if err := encoder.Encode(output); err != nil {
		fail("write stdout: %v", err)
	}
}

func fail(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "oracles: "+format+"\n", args...)
	os.Exit(2)
}
