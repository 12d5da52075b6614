package main

import (
	"bytes"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/json"
	"encoding/pem"
	"fmt"
)

type csrInput struct {
	// PEM CERTIFICATE REQUESTs, as in a CertificateSigningRequest's spec.request (decoded).
	Requests []string `json:"requests"`
}

// attribute is one AttributeTypeAndValue of the subject as encoding/asn1 decodes it into
// pkix.AttributeTypeAndValue: Value is set only when Go decoded a string (the only values
// pkix.Name.FillFromRDNSequence reads); GoType names what it decoded otherwise.
type attribute struct {
	Type   string  `json:"type"`
	Value  *string `json:"value"`
	GoType string  `json:"goType"`
}

// csrResult is either Error (ParseCertificateRequest's error, or the PEM's) or Request.
type csrResult struct {
	Error   string      `json:"error,omitempty"`
	Request *csrRequest `json:"request,omitempty"`
}

// csrRequest is what x509.CertificateRequest holds, as Go prints it (IPs by net.IP.String, URIs
// by url.URL.String).
type csrRequest struct {
	CommonName     string        `json:"commonName"`
	Organization   []string      `json:"organization"`
	RDNs           [][]attribute `json:"rdns"`
	DNSNames       []string      `json:"dnsNames"`
	IPAddresses    []string      `json:"ipAddresses"`
	EmailAddresses []string      `json:"emailAddresses"`
	URIs           []string      `json:"uris"`
	SignatureValid bool          `json:"signatureValid"`
	SignatureError string        `json:"signatureError,omitempty"`
}

func csrMain(input []byte) (any, error) {
	var in csrInput
	decoder := json.NewDecoder(bytes.NewReader(input))
	decoder.DisallowUnknownFields()
	if err := decoder.Decode(&in); err != nil {
		return nil, err
	}
	results := make([]csrResult, 0, len(in.Requests))
	for _, request := range in.Requests {
		results = append(results, parseOne([]byte(request)))
	}
	return map[string]any{"results": results}, nil
}

// parseOne reads a request as kube-apiserver's certificates.ParseCSR does (first PEM block, of
// type CERTIFICATE REQUEST, then x509.ParseCertificateRequest).
func parseOne(pemBytes []byte) csrResult {
	block, _ := pem.Decode(pemBytes)
	if block == nil || block.Type != "CERTIFICATE REQUEST" {
		return csrResult{Error: "PEM block type must be CERTIFICATE REQUEST"}
	}
	request, err := x509.ParseCertificateRequest(block.Bytes)
	if err != nil {
		return csrResult{Error: err.Error()}
	}
	result := csrRequest{
		CommonName:     request.Subject.CommonName,
		Organization:   nonNil(request.Subject.Organization),
		RDNs:           [][]attribute{},
		DNSNames:       nonNil(request.DNSNames),
		IPAddresses:    []string{},
		EmailAddresses: nonNil(request.EmailAddresses),
		URIs:           []string{},
	}
	var rdns pkix.RDNSequence
	if _, err := asn1.Unmarshal(request.RawSubject, &rdns); err != nil {
		return csrResult{Error: fmt.Sprintf("re-reading the subject: %v", err)}
	}
	for _, rdn := range rdns {
		set := []attribute{}
		for _, atv := range rdn {
			a := attribute{Type: atv.Type.String(), GoType: fmt.Sprintf("%T", atv.Value)}
			if value, ok := atv.Value.(string); ok {
				a.Value = &value
			}
			set = append(set, a)
		}
		result.RDNs = append(result.RDNs, set)
	}
	for _, ip := range request.IPAddresses {
		result.IPAddresses = append(result.IPAddresses, ip.String())
	}
	for _, uri := range request.URIs {
		result.URIs = append(result.URIs, uri.String())
	}
	if err := request.CheckSignature(); err != nil {
		result.SignatureError = err.Error()
	} else {
		result.SignatureValid = true
	}
	return csrResult{Request: &result}
}

func nonNil(values []string) []string {
	if values == nil {
		return []string{}
	}
	return values
}
