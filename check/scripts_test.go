package check

import (
	"crypto/tls"
	"net"
	"strings"
	"sync/atomic"
)

// Scripted fake servers: just enough SMTP, IMAP and POP3 to say exactly
// what a test needs, including what no real server would say.

type smtpScript struct {
	tls           *tls.Config
	implicit      bool
	greeting      []string
	ext           []string // EHLO keywords after TLS (or when there is no TLS)
	plainExt      []string // EHLO keywords before STARTTLS ("STARTTLS" is added)
	noStartTLS    bool
	starttlsReply string
	inject        string // sent in the same write as the STARTTLS go-ahead
	auth          []string
	mail          []string
	rcpt          []string
	data          []string
	stallAt       string // stop answering at this command ("EHLO", "AUTH", ...)
	got           chan string
	plainAuth     *atomic.Int32 // counts AUTH commands received without TLS
}

func (sc smtpScript) handle(c net.Conn) {
	p := newPeer(c)
	encrypted := false
	if sc.implicit {
		if !p.upgrade(sc.tls) {
			return
		}
		encrypted = true
	}
	greeting := sc.greeting
	if greeting == nil {
		greeting = []string{"220 mail.example.test ESMTP fake"}
	}
	p.send(greeting...)
	for {
		line, ok := p.read()
		if !ok {
			return
		}
		verb := strings.ToUpper(strings.Fields(line + " x")[0])
		if sc.stallAt != "" && verb == sc.stallAt {
			_, _ = p.read() // silence until the client gives up
			return
		}
		switch verb {
		case "EHLO", "HELO":
			ext := sc.ext
			if !encrypted && sc.tls != nil && !sc.noStartTLS {
				ext = append(append([]string(nil), sc.plainExt...), "STARTTLS")
			}
			lines := []string{"mail.example.test"}
			lines = append(lines, ext...)
			out := make([]string, len(lines))
			for i, l := range lines {
				sep := "-"
				if i == len(lines)-1 {
					sep = " "
				}
				out[i] = "250" + sep + l
			}
			p.send(out...)
		case "STARTTLS":
			reply := sc.starttlsReply
			if reply == "" {
				reply = "220 2.0.0 Ready to start TLS"
			}
			_, _ = p.c.Write([]byte(reply + "\r\n" + sc.inject))
			if !strings.HasPrefix(reply, "220") {
				continue
			}
			if !p.upgrade(sc.tls) {
				return
			}
			encrypted = true
		case "AUTH":
			if !encrypted && sc.plainAuth != nil {
				sc.plainAuth.Add(1)
			}
			if strings.HasPrefix(strings.ToUpper(line), "AUTH LOGIN") {
				p.send("334 VXNlcm5hbWU6")
				if _, ok := p.read(); !ok {
					return
				}
				p.send("334 UGFzc3dvcmQ6")
				if _, ok := p.read(); !ok {
					return
				}
			}
			if sc.auth == nil {
				p.send("235 2.7.0 Authentication successful")
			} else if sc.auth[0] == "CLOSE" {
				return
			} else {
				p.send(sc.auth...)
			}
		case "MAIL":
			p.send(orDefault(sc.mail, "250 2.1.0 Sender OK")...)
		case "RCPT":
			p.send(orDefault(sc.rcpt, "250 2.1.5 Recipient OK")...)
		case "DATA":
			p.send("354 End data with <CR><LF>.<CR><LF>")
			var body strings.Builder
			for {
				l, ok := p.read()
				if !ok {
					return
				}
				if l == "." {
					break
				}
				body.WriteString(l + "\n")
			}
			if sc.got != nil {
				sc.got <- body.String()
			}
			p.send(orDefault(sc.data, "250 2.0.0 Queued")...)
		case "QUIT":
			p.send("221 2.0.0 Bye")
			return
		default:
			p.send("502 5.5.2 Unknown command")
		}
	}
}

func orDefault(lines []string, def string) []string {
	if lines == nil {
		return []string{def}
	}
	return lines
}

type imapScript struct {
	tls        *tls.Config
	implicit   bool
	greeting   string
	caps       string // after TLS, or when there is no TLS
	plainCaps  string // before STARTTLS ("STARTTLS" is added)
	noStartTLS bool
	inject     string
	// login is the reply to LOGIN/AUTHENTICATE; "TAG" stands for the tag.
	login []string
	// logins counts LOGIN/AUTHENTICATE commands.
	logins *atomic.Int32
}

func (sc imapScript) handle(c net.Conn) {
	p := newPeer(c)
	encrypted := false
	if sc.implicit {
		if !p.upgrade(sc.tls) {
			return
		}
		encrypted = true
	}
	greeting := sc.greeting
	if greeting == "" {
		greeting = "* OK fake IMAP ready"
	}
	p.send(greeting)
	for {
		line, ok := p.read()
		if !ok {
			return
		}
		f := strings.Fields(line)
		if len(f) < 2 {
			p.send("* BAD what")
			continue
		}
		tag, cmd := f[0], strings.ToUpper(f[1])
		switch cmd {
		case "CAPABILITY":
			caps := sc.caps
			if caps == "" {
				caps = "IMAP4rev1 AUTH=PLAIN"
			}
			if !encrypted && sc.tls != nil && !sc.noStartTLS {
				caps = strings.TrimSpace(sc.plainCaps + " IMAP4rev1 STARTTLS")
			}
			p.send("* CAPABILITY "+caps, tag+" OK CAPABILITY completed")
		case "STARTTLS":
			_, _ = p.c.Write([]byte(tag + " OK Begin TLS negotiation now\r\n" + sc.inject))
			if !p.upgrade(sc.tls) {
				return
			}
			encrypted = true
		case "LOGIN", "AUTHENTICATE":
			if sc.logins != nil {
				sc.logins.Add(1)
			}
			if cmd == "AUTHENTICATE" && len(f) == 3 {
				p.send("+ ")
				if _, ok := p.read(); !ok {
					return
				}
			}
			if sc.login == nil {
				p.send(tag + " OK Logged in")
				continue
			}
			if sc.login[0] == "CLOSE" {
				return
			}
			if sc.login[0] == "STALL" {
				_, _ = p.read()
				return
			}
			out := make([]string, len(sc.login))
			for i, l := range sc.login {
				out[i] = strings.ReplaceAll(l, "TAG", tag)
			}
			p.send(out...)
		case "LOGOUT":
			p.send("* BYE Logging out", tag+" OK Logout completed")
			return
		default:
			p.send(tag + " BAD Unknown command")
		}
	}
}

type pop3Script struct {
	tls        *tls.Config
	implicit   bool
	greeting   string
	capa       []string // after TLS, or without TLS
	plainCapa  []string // before STLS ("STLS" is added)
	noCapa     bool
	noStartTLS bool
	inject     string
	auth       []string // reply to PASS or AUTH; "CLOSE" hangs up
}

func (sc pop3Script) handle(c net.Conn) {
	p := newPeer(c)
	encrypted := false
	if sc.implicit {
		if !p.upgrade(sc.tls) {
			return
		}
		encrypted = true
	}
	greeting := sc.greeting
	if greeting == "" {
		greeting = "+OK fake POP3 ready"
	}
	p.send(greeting)
	for {
		line, ok := p.read()
		if !ok {
			return
		}
		cmd := strings.ToUpper(strings.Fields(line + " x")[0])
		switch cmd {
		case "CAPA":
			if sc.noCapa {
				p.send("-ERR unknown command")
				continue
			}
			capa := sc.capa
			if capa == nil {
				capa = []string{"USER", "SASL PLAIN"}
			}
			if !encrypted && sc.tls != nil && !sc.noStartTLS {
				capa = append(append([]string(nil), sc.plainCapa...), "STLS")
			}
			p.send(append(append([]string{"+OK Capability list follows"}, capa...), ".")...)
		case "STLS":
			_, _ = p.c.Write([]byte("+OK Begin TLS\r\n" + sc.inject))
			if !p.upgrade(sc.tls) {
				return
			}
			encrypted = true
		case "USER":
			p.send("+OK")
		case "PASS", "AUTH":
			if sc.auth == nil {
				p.send("+OK Logged in.")
				continue
			}
			if sc.auth[0] == "CLOSE" {
				return
			}
			if sc.auth[0] == "STALL" {
				_, _ = p.read()
				return
			}
			p.send(sc.auth...)
		case "QUIT":
			p.send("+OK Bye")
			return
		default:
			p.send("-ERR unknown command")
		}
	}
}
