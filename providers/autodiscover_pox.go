package providers

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/mailsetup/mailsetup/settings"
)

// Namespaces of Microsoft's "Plain Old XML" Autodiscover (MS-OXDSCLI §2.2.4).
const (
	poxRequestNS      = "http://schemas.microsoft.com/exchange/autodiscover/outlook/requestschema/2006"
	poxResponseRootNS = "http://schemas.microsoft.com/exchange/autodiscover/responseschema/2006"
	poxResponseNS     = "http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a"
)

// Bounds on a POX answer, far above anything a real server sends.
const (
	maxPOXProtocols = 16
	maxPOXText      = 512
)

// Autodiscover actions (MS-OXDSCLI §2.2.4.1.1.2.1.1.2).
const (
	ActionSettings     = "settings"
	ActionRedirectAddr = "redirectAddr"
	ActionRedirectURL  = "redirectUrl"
)

// AutodiscoverResponse is what a POX Autodiscover answer says.
type AutodiscoverResponse struct {
	// Action is ActionSettings, ActionRedirectAddr or ActionRedirectURL.
	Action string
	// RedirectAddr and RedirectURL hold the target of a redirect action.
	RedirectAddr string
	RedirectURL  string
	// DisplayName is the user's display name, if the server sent one.
	DisplayName string
	// Incoming lists the IMAP servers, then the POP3 servers; Outgoing the
	// SMTP servers, each in document order. Exchange-only protocols (EXCH,
	// EXPR, WEB, ...) are left out. User names are as sent; empty when the
	// server sent none.
	Incoming []settings.Server
	Outgoing []settings.Server
}

// AutodiscoverError is an <Error> answer (MS-OXDSCLI §2.2.4.1.1.2.2).
type AutodiscoverError struct {
	Code    string
	Message string
}

func (e *AutodiscoverError) Error() string {
	return "autodiscover: server error " + e.Code + ": " + e.Message
}

type poxDocument struct {
	XMLName  xml.Name
	Response []poxResponse `xml:"Response"`
}

type poxResponse struct {
	XMLName xml.Name
	User    struct {
		DisplayName string `xml:"DisplayName"`
	} `xml:"User"`
	Account []poxAccount `xml:"Account"`
	Error   []poxError   `xml:"Error"`
}

type poxError struct {
	ErrorCode string `xml:"ErrorCode"`
	Message   string `xml:"Message"`
}

type poxAccount struct {
	AccountType  string        `xml:"AccountType"`
	Action       string        `xml:"Action"`
	RedirectAddr string        `xml:"RedirectAddr"`
	RedirectURL  string        `xml:"RedirectUrl"`
	Protocol     []poxProtocol `xml:"Protocol"`
}

type poxProtocol struct {
	Type         string  `xml:"Type"`
	Server       string  `xml:"Server"`
	Port         *string `xml:"Port"`
	LoginName    string  `xml:"LoginName"`
	SSL          *string `xml:"SSL"`
	Encryption   *string `xml:"Encryption"`
	SPA          *string `xml:"SPA"`
	AuthRequired *string `xml:"AuthRequired"`
}

// ParseAutodiscover reads a POX Autodiscover response. It is strict: the
// document must be the responseschema/2006 root holding one outlook
// responseschema/2006a Response; every value it uses must be well formed
// (host names, ports, on/off switches, encryption names), and a settings
// answer must name at least one mail server. At most 1 MiB is read.
func ParseAutodiscover(r io.Reader) (*AutodiscoverResponse, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxBodySize+1))
	if err != nil {
		return nil, err
	}
	if len(data) > maxBodySize {
		return nil, errors.New("autodiscover: answer larger than 1 MiB")
	}
	var doc poxDocument
	dec := xml.NewDecoder(strings.NewReader(string(data)))
	dec.Strict = true
	if err := dec.Decode(&doc); err != nil {
		return nil, fmt.Errorf("autodiscover: not valid XML: %v", err)
	}
	if doc.XMLName.Local != "Autodiscover" || doc.XMLName.Space != poxResponseRootNS {
		return nil, fmt.Errorf("autodiscover: root element is %q, not an Autodiscover response", doc.XMLName.Local)
	}
	if len(doc.Response) != 1 {
		return nil, fmt.Errorf("autodiscover: %d Response elements, want 1", len(doc.Response))
	}
	resp := doc.Response[0]
	if len(resp.Error) > 0 {
		e := resp.Error[0]
		return nil, &AutodiscoverError{Code: clip(e.ErrorCode), Message: clip(e.Message)}
	}
	if resp.XMLName.Space != poxResponseNS {
		return nil, fmt.Errorf("autodiscover: response schema %q is not the Outlook POX schema", clip(resp.XMLName.Space))
	}
	acct, err := pickAccount(resp.Account)
	if err != nil {
		return nil, err
	}
	out := &AutodiscoverResponse{Action: strings.TrimSpace(acct.Action), DisplayName: clip(strings.TrimSpace(resp.User.DisplayName))}
	switch out.Action {
	case ActionRedirectAddr:
		a := strings.TrimSpace(acct.RedirectAddr)
		if _, err := settings.ParseAddress(a); err != nil {
			return nil, fmt.Errorf("autodiscover: redirect to an invalid address")
		}
		out.RedirectAddr = a
		return out, nil
	case ActionRedirectURL:
		u := strings.TrimSpace(acct.RedirectURL)
		if len(u) > maxPOXText || !strings.HasPrefix(u, "https://") {
			return nil, fmt.Errorf("autodiscover: redirect URL must be https")
		}
		out.RedirectURL = u
		return out, nil
	case ActionSettings:
	default:
		return nil, fmt.Errorf("autodiscover: unknown action %q", clip(out.Action))
	}
	if len(acct.Protocol) > maxPOXProtocols {
		return nil, fmt.Errorf("autodiscover: %d Protocol elements, more than %d", len(acct.Protocol), maxPOXProtocols)
	}
	var imap, pop []settings.Server
	for i, p := range acct.Protocol {
		s, ok, err := p.server()
		if err != nil {
			return nil, fmt.Errorf("autodiscover: Protocol %d: %v", i+1, err)
		}
		if !ok {
			continue
		}
		switch s.Protocol {
		case settings.IMAP:
			imap = append(imap, s)
		case settings.POP3:
			pop = append(pop, s)
		case settings.SMTP:
			out.Outgoing = append(out.Outgoing, s)
		}
	}
	out.Incoming = append(imap, pop...)
	if len(out.Incoming)+len(out.Outgoing) == 0 {
		return nil, errors.New("autodiscover: no IMAP, POP3 or SMTP server in the answer")
	}
	return out, nil
}

// pickAccount returns the e-mail account of a response: the only Account, or
// the first whose AccountType is "email".
func pickAccount(accts []poxAccount) (poxAccount, error) {
	if len(accts) == 0 {
		return poxAccount{}, errors.New("autodiscover: no Account in the answer")
	}
	for _, a := range accts {
		if strings.TrimSpace(a.AccountType) == "email" {
			return a, nil
		}
	}
	if len(accts) == 1 && strings.TrimSpace(accts[0].AccountType) == "" {
		return accts[0], nil
	}
	return poxAccount{}, errors.New("autodiscover: no Account of type email")
}

// server converts one Protocol element; ok is false for protocols that are
// not ours (Exchange's EXCH, EXPR, WEB and others).
func (p poxProtocol) server() (s settings.Server, ok bool, err error) {
	switch strings.ToUpper(strings.TrimSpace(p.Type)) {
	case "IMAP":
		s.Protocol = settings.IMAP
	case "POP3":
		s.Protocol = settings.POP3
	case "SMTP":
		s.Protocol = settings.SMTP
	default:
		return s, false, nil
	}
	s.Host = strings.ToLower(strings.TrimSuffix(strings.TrimSpace(p.Server), "."))
	if len(s.Host) > 253 || settings.ValidHost(s.Host) != nil {
		return s, false, fmt.Errorf("invalid server name %q", clip(s.Host))
	}
	// SSL and SPA are "on" when absent (learn.microsoft.com, "SPA (POX)";
	// Thunderbird reads a missing SPA as off, which is wrong).
	ssl, err := onOff(p.SSL, true)
	if err != nil {
		return s, false, fmt.Errorf("SSL: %v", err)
	}
	spa, err := onOff(p.SPA, true)
	if err != nil {
		return s, false, fmt.Errorf("SPA: %v", err)
	}
	authRequired, err := onOff(p.AuthRequired, true)
	if err != nil {
		return s, false, fmt.Errorf("AuthRequired: %v", err)
	}
	if p.Port != nil {
		n, err := strconv.Atoi(strings.TrimSpace(*p.Port))
		if err != nil || n < 1 || n > 65535 {
			return s, false, fmt.Errorf("invalid port %q", clip(*p.Port))
		}
		s.Port = n
	}
	s.Security, err = poxSecurity(p.Encryption, ssl, s.Port)
	if err != nil {
		return s, false, err
	}
	if s.Port == 0 {
		s.Port = settings.DefaultPort(s.Protocol, s.Security)
	}
	if len(p.LoginName) > maxPOXText {
		return s, false, errors.New("login name too long")
	}
	s.Username = strings.TrimSpace(p.LoginName)
	switch {
	case s.Protocol == settings.SMTP && !authRequired:
		s.Auth = []settings.Auth{settings.AuthNone}
	case spa:
		// SPA is Microsoft's name for NTLM (formats.md §0).
		s.Auth = []settings.Auth{settings.AuthNTLM}
	default:
		s.Auth = []settings.Auth{settings.AuthPassword}
	}
	return s, true, nil
}

// poxSecurity maps SSL and Encryption to a security mode. Encryption "SSL"
// and "TLS" are read differently by different servers (mox writes "TLS" for
// implicit TLS, Outlook reads it as STARTTLS), and SSL=on does not tell the
// two apart at all; like Thunderbird, the port decides: the STARTTLS ports
// 143, 110, 25 and 587 mean STARTTLS, every other port implicit TLS.
func poxSecurity(enc *string, ssl bool, port int) (settings.Security, error) {
	mode := ""
	if enc != nil {
		mode = strings.ToLower(strings.TrimSpace(*enc))
	}
	switch mode {
	case "none":
		return settings.None, nil
	case "ssl", "tls", "auto":
	case "":
		if !ssl {
			return settings.None, nil
		}
	default:
		return "", fmt.Errorf("unknown Encryption %q", clip(*enc))
	}
	switch port {
	case 143, 110, 25, 587:
		return settings.STARTTLS, nil
	}
	return settings.TLS, nil
}

// onOff reads an on/off switch; def is the value when it is absent.
func onOff(v *string, def bool) (bool, error) {
	if v == nil {
		return def, nil
	}
	switch strings.ToLower(strings.TrimSpace(*v)) {
	case "on":
		return true, nil
	case "off":
		return false, nil
	case "":
		return def, nil
	}
	return false, fmt.Errorf("%q is neither on nor off", clip(*v))
}

// clip bounds a value quoted in an error message.
func clip(s string) string {
	if len(s) > 80 {
		return s[:80] + "..."
	}
	return s
}

// autodiscoverRequest is the POX request body, exactly as Thunderbird sends it
// (formats.md §4.2). The address is XML-escaped.
func autodiscoverRequest(email string) []byte {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="utf-8"?>` + "\n")
	b.WriteString(`<Autodiscover xmlns="` + poxRequestNS + `"><Request><EMailAddress>`)
	xml.EscapeText(&b, []byte(email))
	b.WriteString(`</EMailAddress><AcceptableResponseSchema>` + poxResponseNS + `</AcceptableResponseSchema></Request></Autodiscover>`)
	return []byte(b.String())
}
