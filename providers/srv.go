package providers

import (
	"context"
	"errors"
	"net"
	"sync"

	"github.com/mailsetup/mailsetup/i18n"
	"github.com/mailsetup/mailsetup/resolve"
	"github.com/mailsetup/mailsetup/settings"
)

// srvService is one RFC 6186/8314 service label and what it means.
type srvService struct {
	name     string // without the leading underscore
	protocol settings.Protocol
	security settings.Security
}

// srvServices are asked all at once. Implicit TLS comes first within each
// protocol (RFC 8314 §5.1), IMAP before POP3 (spec/cli.md "incoming").
var srvServices = []srvService{
	{"imaps", settings.IMAP, settings.TLS},           // RFC 6186 §3.2
	{"imap", settings.IMAP, settings.STARTTLS},       // RFC 6186 §3.2
	{"pop3s", settings.POP3, settings.TLS},           // RFC 6186 §3.3
	{"pop3", settings.POP3, settings.STARTTLS},       // RFC 6186 §3.3
	{"submissions", settings.SMTP, settings.TLS},     // RFC 8314 §5.1
	{"submission", settings.SMTP, settings.STARTTLS}, // RFC 6186 §3.1
}

// maxSRVPerService bounds the servers taken from one record set.
const maxSRVPerService = 4

// fromSRV reads the domain's SRV records (RFC 6186, RFC 8314 §5.1). Within a
// service the records come in RFC 2782 order (priority, then weighted
// random); "." targets mean the service is not offered (RFC 6186 §3.4). The
// plain-text services are taken as STARTTLS: a client never logs in without
// TLS because of a DNS record. The user name is the whole address, which RFC
// 6186 §4 says to try first.
//
// The result is verified only when every answer used carried a trusted AD
// bit; a target outside the user's domain adds a warning naming its domain.
func (d *discovery) fromSRV(ctx context.Context) (settings.Config, error) {
	type answer struct {
		recs []*net.SRV
		res  resolve.Result
		err  error
	}
	answers := make([]answer, len(srvServices))
	var wg sync.WaitGroup
	for i, svc := range srvServices {
		wg.Add(1)
		go func() {
			defer wg.Done()
			recs, res, err := d.net.Resolver.LookupSRV(ctx, svc.name, "tcp", d.domain)
			answers[i] = answer{recs, res, err}
		}()
	}
	wg.Wait()
	c := settings.Config{Source: settings.SourceSRV, Trust: settings.Verified}
	var firstErr error
	var others []string
	for i, svc := range srvServices {
		a := answers[i]
		if a.err != nil {
			if firstErr == nil || !resolve.IsNotFound(a.err) {
				firstErr = a.err
			}
			continue
		}
		if !a.res.Authentic {
			c.Trust = settings.Unverified
		}
		for j, r := range a.recs {
			if j == maxSRVPerService {
				break
			}
			host := trimHost(r.Target)
			if r.Port == 0 || settings.ValidHost(host) != nil || registrable(host) == "" {
				continue
			}
			s := settings.Server{Protocol: svc.protocol, Host: host, Port: int(r.Port), Security: svc.security,
				Username: d.addr.String(), Auth: []settings.Auth{settings.AuthPassword}}
			if s.IsIncoming() {
				c.Incoming = append(c.Incoming, s)
			} else {
				c.Outgoing = append(c.Outgoing, s)
			}
			if base := registrable(host); base != d.base && !contains(others, base) {
				others = append(others, base)
			}
		}
	}
	if len(c.Incoming) == 0 || len(c.Outgoing) == 0 {
		if firstErr == nil || resolve.IsNotFound(firstErr) {
			return settings.Config{}, errors.New("no SRV records for both an incoming and an outgoing server")
		}
		return settings.Config{}, firstErr
	}
	if c.Trust != settings.Verified {
		c.Warnings = append(c.Warnings, i18n.Msg("discover.warn.srv_unverified", "domain", d.addr.Domain))
	}
	for _, o := range others {
		c.Warnings = append(c.Warnings, i18n.Msg("discover.warn.srv_other_domain", "domain", displayDomain(o)))
	}
	return c, nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
