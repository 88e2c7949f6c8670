package export

import (
	"fmt"
	"io"
	"strings"

	"howett.net/plist"

	"github.com/mailsetup/mailsetup/i18n"
	"github.com/mailsetup/mailsetup/settings"
)

// Apple configuration profile with one com.apple.mail.managed payload
// (formats.md §5; keys from apple/device-management
// com.apple.mail.managed.yaml). Written with a plist library, never by
// hand; no IncomingPassword/OutgoingPassword keys: Mail asks for the
// password when the profile is installed.

type mcProfile struct {
	PayloadType         string      `plist:"PayloadType"`
	PayloadVersion      int         `plist:"PayloadVersion"`
	PayloadIdentifier   string      `plist:"PayloadIdentifier"`
	PayloadUUID         string      `plist:"PayloadUUID"`
	PayloadDisplayName  string      `plist:"PayloadDisplayName"`
	PayloadDescription  string      `plist:"PayloadDescription"`
	PayloadOrganization string      `plist:"PayloadOrganization,omitempty"`
	PayloadContent      []mcPayload `plist:"PayloadContent"`
}

type mcPayload struct {
	PayloadType        string `plist:"PayloadType"`
	PayloadVersion     int    `plist:"PayloadVersion"`
	PayloadIdentifier  string `plist:"PayloadIdentifier"`
	PayloadUUID        string `plist:"PayloadUUID"`
	PayloadDisplayName string `plist:"PayloadDisplayName"`

	EmailAccountType        string `plist:"EmailAccountType"`
	EmailAccountDescription string `plist:"EmailAccountDescription"`
	EmailAccountName        string `plist:"EmailAccountName,omitempty"`
	EmailAddress            string `plist:"EmailAddress"`

	IncomingMailServerHostName       string `plist:"IncomingMailServerHostName"`
	IncomingMailServerPortNumber     int    `plist:"IncomingMailServerPortNumber"`
	IncomingMailServerUseSSL         bool   `plist:"IncomingMailServerUseSSL"`
	IncomingMailServerUsername       string `plist:"IncomingMailServerUsername"`
	IncomingMailServerAuthentication string `plist:"IncomingMailServerAuthentication"`

	OutgoingMailServerHostName       string `plist:"OutgoingMailServerHostName"`
	OutgoingMailServerPortNumber     int    `plist:"OutgoingMailServerPortNumber"`
	OutgoingMailServerUseSSL         bool   `plist:"OutgoingMailServerUseSSL"`
	OutgoingMailServerUsername       string `plist:"OutgoingMailServerUsername"`
	OutgoingMailServerAuthentication string `plist:"OutgoingMailServerAuthentication"`

	OutgoingPasswordSameAsIncomingPassword bool `plist:"OutgoingPasswordSameAsIncomingPassword"`
}

// appleAuth maps a login method to the payload's enum.
func appleAuth(a settings.Auth) string {
	switch a {
	case settings.AuthNone:
		return "EmailAuthNone"
	case settings.AuthPasswordEncrypted:
		return "EmailAuthCRAMMD5"
	case settings.AuthNTLM:
		return "EmailAuthNTLM"
	}
	return "EmailAuthPassword"
}

// newUUID returns a random (version 4) UUID in Apple's upper-case form.
func newUUID(r io.Reader) (string, error) {
	var b [16]byte
	if _, err := io.ReadFull(r, b[:]); err != nil {
		return "", err
	}
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return strings.ToUpper(fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])), nil
}

// payloadID is a stable reverse-DNS identifier for the address, so that
// installing a newer profile for the same address replaces the old one.
func payloadID(a settings.Address) string {
	labels := strings.Split(a.ASCIIDomain, ".")
	for i, j := 0, len(labels)-1; i < j; i, j = i+1, j-1 {
		labels[i], labels[j] = labels[j], labels[i]
	}
	local := strings.Map(func(r rune) rune {
		if r < 0x80 && (isAlnum(byte(r)) || r == '-') {
			return r
		}
		return '-'
	}, a.Local)
	return "app.mailsetup." + strings.Join(labels, ".") + "." + local
}

func writeMobileconfig(w io.Writer, p *plan, o Options) error {
	l := o.lang()
	in, out := p.preferTLS(*p.in), p.preferTLS(*p.out)
	var uuids [2]string
	for i := range uuids {
		u, err := newUUID(o.rand())
		if err != nil {
			return err
		}
		uuids[i] = u
	}
	accountType := "EmailTypeIMAP"
	if in.Protocol == settings.POP3 {
		accountType = "EmailTypePOP"
	}
	id := payloadID(p.addr)
	prof := mcProfile{
		PayloadType:         "Configuration",
		PayloadVersion:      1,
		PayloadIdentifier:   id,
		PayloadUUID:         uuids[0],
		PayloadDisplayName:  i18n.T(l, "export.mobileconfig.name", "address", p.from()),
		PayloadDescription:  i18n.T(l, "export.mobileconfig.description"),
		PayloadOrganization: p.providerName(),
		PayloadContent: []mcPayload{{
			PayloadType:        "com.apple.mail.managed",
			PayloadVersion:     1,
			PayloadIdentifier:  id + ".mail",
			PayloadUUID:        uuids[1],
			PayloadDisplayName: p.from(),

			EmailAccountType:        accountType,
			EmailAccountDescription: p.from(),
			EmailAccountName:        p.name,
			EmailAddress:            p.from(),

			IncomingMailServerHostName:       in.Host,
			IncomingMailServerPortNumber:     in.Port,
			IncomingMailServerUseSSL:         in.Security == settings.TLS,
			IncomingMailServerUsername:       in.Username,
			IncomingMailServerAuthentication: appleAuth(passwordAuth(in)),

			OutgoingMailServerHostName:       out.Host,
			OutgoingMailServerPortNumber:     out.Port,
			OutgoingMailServerUseSSL:         out.Security == settings.TLS,
			OutgoingMailServerUsername:       out.Username,
			OutgoingMailServerAuthentication: appleAuth(passwordAuth(out)),

			OutgoingPasswordSameAsIncomingPassword: in.Username == out.Username,
		}},
	}
	data, err := plist.MarshalIndent(prof, plist.XMLFormat, "\t")
	if err != nil {
		return err
	}
	if _, err := w.Write(data); err != nil {
		return err
	}
	_, err = io.WriteString(w, "\n")
	return err
}
