package export

import (
	"encoding/xml"
	"io"

	"github.com/mailsetup/mailsetup/settings"
)

// Microsoft Autodiscover POX response (formats.md §4.2), for an
// administrator to serve at autodiscover.DOMAIN. SPA and SSL default to
// "on" when absent, so both are always written, with Encryption spelled
// out; every Protocol sits in one Account, which is all Thunderbird reads.

const (
	adResponseNS = "http://schemas.microsoft.com/exchange/autodiscover/responseschema/2006"
	adOutlookNS  = "http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a"
)

type adAutodiscover struct {
	XMLName  xml.Name   `xml:"http://schemas.microsoft.com/exchange/autodiscover/responseschema/2006 Autodiscover"`
	Response adResponse `xml:"http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a Response"`
}

type adResponse struct {
	User    adUser    `xml:"User"`
	Account adAccount `xml:"Account"`
}

type adUser struct {
	DisplayName string `xml:"DisplayName,omitempty"`
}

type adAccount struct {
	AccountType string       `xml:"AccountType"`
	Action      string       `xml:"Action"`
	Protocols   []adProtocol `xml:"Protocol"`
}

type adProtocol struct {
	Type           string `xml:"Type"`
	Server         string `xml:"Server"`
	Port           int    `xml:"Port"`
	LoginName      string `xml:"LoginName"`
	DomainRequired string `xml:"DomainRequired"`
	SPA            string `xml:"SPA"`
	SSL            string `xml:"SSL"`
	Encryption     string `xml:"Encryption"`
	AuthRequired   string `xml:"AuthRequired"`
	UsePOPAuth     string `xml:"UsePOPAuth,omitempty"`
	SMTPLast       string `xml:"SMTPLast,omitempty"`
}

func onOff(b bool) string {
	if b {
		return "on"
	}
	return "off"
}

func adProto(s settings.Server) adProtocol {
	auth := passwordAuth(s)
	enc := map[settings.Security]string{settings.TLS: "SSL", settings.STARTTLS: "TLS", settings.None: "None"}[s.Security]
	t := map[settings.Protocol]string{settings.IMAP: "IMAP", settings.POP3: "POP3", settings.SMTP: "SMTP"}[s.Protocol]
	return adProtocol{
		Type:           t,
		Server:         s.Host,
		Port:           s.Port,
		LoginName:      s.Username,
		DomainRequired: "off",
		SPA:            onOff(auth == settings.AuthNTLM),
		SSL:            onOff(s.Security != settings.None),
		Encryption:     enc,
		AuthRequired:   onOff(auth != settings.AuthNone),
	}
}

func writeAutodiscover(w io.Writer, p *plan, o Options) error {
	doc := adAutodiscover{Response: adResponse{
		User:    adUser{DisplayName: p.name},
		Account: adAccount{AccountType: "email", Action: "settings"},
	}}
	for _, s := range p.ins {
		if passwordAuth(s) == "" {
			continue // an OAuth-only alternative POX cannot express
		}
		doc.Response.Account.Protocols = append(doc.Response.Account.Protocols, adProto(s))
	}
	smtp := adProto(*p.out)
	smtp.UsePOPAuth = onOff(p.out.Username == p.in.Username)
	smtp.SMTPLast = "off"
	doc.Response.Account.Protocols = append(doc.Response.Account.Protocols, smtp)
	if _, err := io.WriteString(w, `<?xml version="1.0" encoding="utf-8"?>`+"\n"); err != nil {
		return err
	}
	return encodeXML(w, doc)
}
