package settings

import (
	"errors"
	"strings"
	"testing"

	"github.com/mailsetup/mailsetup/i18n"
)

func TestParseServerFlag(t *testing.T) {
	good := map[string]Server{
		"Mail.Example.ES:993:TLS":   {Protocol: IMAP, Host: "mail.example.es", Port: 993, Security: TLS, Auth: []Auth{AuthPassword}},
		"mail.example.es::starttls": {Protocol: IMAP, Host: "mail.example.es", Port: 143, Security: STARTTLS, Auth: []Auth{AuthPassword}},
		"[::1]:1143:none":           {Protocol: IMAP, Host: "::1", Port: 1143, Security: None, Auth: []Auth{AuthPassword}},
		// DNS and certificates know an IDN host by its A-labels.
		"Correo.España.es:993:tls": {Protocol: IMAP, Host: "correo.xn--espaa-rta.es", Port: 993, Security: TLS, Auth: []Auth{AuthPassword}},
	}
	for in, want := range good {
		got, err := ParseServerFlag(IMAP, in)
		if err != nil || got.Host != want.Host || got.Port != want.Port || got.Security != want.Security || got.Protocol != want.Protocol {
			t.Errorf("ParseServerFlag(%q) = %+v, %v; want %+v", in, got, err, want)
		}
	}
}

// Each refusal is an *i18n.Error that quotes the value (escaped: one line)
// and reads differently in Spanish and English.
func TestParseServerFlagErrors(t *testing.T) {
	tests := []struct {
		in, key, es, en string
	}{
		{"mail.example.es", "settings.server.format", "HOST:PUERTO:SEG", "HOST:PORT:SEC"},
		{"mail.example.es:993", "settings.server.security", `no "993"`, `not "993"`},
		{"mail.example.es:993:ssl", "settings.server.security", `no "ssl"`, `not "ssl"`},
		{"mail.example.es:0:tls", "settings.server.port", "del 1 al 65535", "from 1 to 65535"},
		{"mail.example.es:x:tls", "settings.server.port", "del 1 al 65535", "from 1 to 65535"},
		{":993:tls", "settings.server.host_empty", "falta el nombre", "name is missing"},
		{strings.Repeat("a.", 130) + "es:993:tls", "settings.server.host_too_long", "253", "253"},
		{"bad_host!:993:tls", "settings.server.host_invalid", `"bad_host!" no es`, `"bad_host!" is not`},
		{"mail\n.example.es:993:tls", "settings.server.host_invalid", `\n`, `\n`},
	}
	for _, tt := range tests {
		_, err := ParseServerFlag(SMTP, tt.in)
		var e *i18n.Error
		if !errors.As(err, &e) || e.Key != tt.key {
			t.Errorf("ParseServerFlag(%q) = %v, want key %s", tt.in, err, tt.key)
			continue
		}
		es, en := i18n.Describe(err, i18n.ES), i18n.Describe(err, i18n.EN)
		if !strings.Contains(es, tt.es) || !strings.Contains(en, tt.en) || es == en || strings.Contains(es+en, "\n") {
			t.Errorf("%q:\n es %q (want %q)\n en %q (want %q)", tt.in, es, tt.es, en, tt.en)
		}
		if strings.Contains(es+en, "{") {
			t.Errorf("%q: a slot is left unfilled: %q / %q", tt.in, es, en)
		}
	}
}

func TestValidHost(t *testing.T) {
	for _, ok := range []string{"mail.example.es", "127.0.0.1", "::1", "correo.españa.es"} {
		if err := ValidHost(ok); err != nil {
			t.Errorf("ValidHost(%q) = %v", ok, err)
		}
	}
	for in, key := range map[string]string{"": "settings.host.empty", strings.Repeat("a", 254): "settings.host.too_long", "a b.es": "settings.host.invalid"} {
		err := ValidHost(in)
		var e *i18n.Error
		if !errors.As(err, &e) || e.Key != key {
			t.Errorf("ValidHost(%q) = %v, want key %s", in, err, key)
			continue
		}
		if es, en := i18n.Describe(err, i18n.ES), i18n.Describe(err, i18n.EN); es == en || strings.Contains(es+en, "{") {
			t.Errorf("ValidHost(%q): es %q en %q", in, es, en)
		}
	}
}
