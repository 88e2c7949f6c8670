package export

import (
	"fmt"
	"io"
	"strings"

	"github.com/mailsetup/mailsetup/i18n"
	"github.com/mailsetup/mailsetup/settings"
)

// Code snippets for websites and scripts (formats.md §6). Every value is a
// string literal quoted for its language; the password is read from the
// SMTP_PASS environment variable, never written. The PHP world calls
// STARTTLS "tls" and implicit TLS "ssl".

// snippet collects lines and the first write error.
type snippet struct {
	w   io.Writer
	err error
}

func (s *snippet) line(format string, args ...any) {
	if s.err == nil {
		_, s.err = fmt.Fprintf(s.w, format+"\n", args...)
	}
}

// comments writes the shared header: what this is, where the password
// comes from, the SMTP warnings and sending limits.
func (s *snippet) comments(prefix string, p *plan, l i18n.Lang) {
	lines := []string{i18n.T(l, "export.snippet.title", "address", p.from()), i18n.T(l, "export.snippet.password")}
	for _, w := range append(lines, scriptNotes(p, l)...) {
		s.line("%s %s", prefix, commentSafe(w))
	}
}

// commentSafe keeps text inside a line comment of any of our languages:
// one line, and no "?>" (which ends PHP mode even inside a // comment).
// An address may legally hold "?>".
func commentSafe(s string) string { return strings.ReplaceAll(oneLine(s), "?>", "? >") }

func smtpAuthOn(p *plan) bool { return passwordAuth(*p.out) != settings.AuthNone }

func writePHPMailer(w io.Writer, p *plan, o Options) error {
	l, out := o.lang(), *p.out
	s := &snippet{w: w}
	s.line("<?php")
	s.comments("//", p, l)
	s.line("use PHPMailer\\PHPMailer\\PHPMailer;")
	s.line("")
	s.line("require 'vendor/autoload.php';")
	s.line("")
	s.line("$mail = new PHPMailer(true);")
	s.line("$mail->isSMTP();")
	s.line("$mail->Host = %s;", phpString(out.Host))
	s.line("$mail->Port = %d;", out.Port)
	switch out.Security {
	case settings.TLS:
		s.line("$mail->SMTPSecure = PHPMailer::ENCRYPTION_SMTPS; // 'ssl'")
	case settings.STARTTLS:
		s.line("$mail->SMTPSecure = PHPMailer::ENCRYPTION_STARTTLS; // 'tls'")
	default:
		s.line("$mail->SMTPSecure = '';")
		s.line("$mail->SMTPAutoTLS = false;")
	}
	if smtpAuthOn(p) {
		s.line("$mail->SMTPAuth = true;")
		s.line("$mail->Username = %s;", phpString(out.Username))
		s.line("$mail->Password = getenv('SMTP_PASS');")
	} else {
		s.line("$mail->SMTPAuth = false;")
	}
	s.line("$mail->CharSet = PHPMailer::CHARSET_UTF8;")
	s.line("$mail->setFrom(%s, %s);", phpString(p.from()), phpString(p.name))
	s.line("$mail->addAddress(%s);", phpString(p.from()))
	s.line("$mail->Subject = %s;", phpString(i18n.T(l, "export.snippet.subject")))
	s.line("$mail->Body = %s;", phpString(i18n.T(l, "export.snippet.body")))
	s.line("$mail->send();")
	return s.err
}

func writeWPMailSMTP(w io.Writer, p *plan, o Options) error {
	l, out := o.lang(), *p.out
	s := &snippet{w: w}
	s.comments("//", p, l)
	s.line("// %s", commentSafe(i18n.T(l, "export.wp.where")))
	def := func(name, value string) { s.line("define( '%s', %s );", name, value) }
	def("WPMS_ON", "true")
	def("WPMS_MAILER", "'smtp'")
	def("WPMS_SMTP_HOST", phpString(out.Host))
	def("WPMS_SMTP_PORT", itoa(out.Port))
	switch out.Security {
	case settings.TLS:
		def("WPMS_SSL", "'ssl'")
		def("WPMS_SMTP_AUTOTLS", "true")
	case settings.STARTTLS:
		// Passed to PHPMailer as SMTPSecure 'tls', which is STARTTLS.
		def("WPMS_SSL", "'tls'")
		def("WPMS_SMTP_AUTOTLS", "true")
	default:
		def("WPMS_SSL", "''")
		def("WPMS_SMTP_AUTOTLS", "false")
	}
	if smtpAuthOn(p) {
		def("WPMS_SMTP_AUTH", "true")
		def("WPMS_SMTP_USER", phpString(out.Username))
		def("WPMS_SMTP_PASS", "getenv( 'SMTP_PASS' )")
	} else {
		def("WPMS_SMTP_AUTH", "false")
	}
	def("WPMS_MAIL_FROM", phpString(p.from()))
	def("WPMS_MAIL_FROM_FORCE", "true")
	def("WPMS_MAIL_FROM_NAME", phpString(p.name))
	def("WPMS_MAIL_FROM_NAME_FORCE", "true")
	def("WPMS_SET_RETURN_PATH", "true")
	return s.err
}

func writePython(w io.Writer, p *plan, o Options) error {
	l, out := o.lang(), *p.out
	s := &snippet{w: w}
	s.comments("#", p, l)
	s.line("import os")
	s.line("import smtplib")
	s.line("import ssl")
	s.line("from email.message import EmailMessage")
	s.line("from email.utils import formataddr")
	s.line("")
	s.line("SMTP_HOST = %s", pythonString(out.Host))
	s.line("SMTP_PORT = %d", out.Port)
	s.line("SMTP_USER = %s", pythonString(out.Username))
	s.line("SMTP_FROM = %s", pythonString(p.from()))
	s.line("SMTP_FROM_NAME = %s", pythonString(p.name))
	s.line("")
	s.line("msg = EmailMessage()")
	s.line("msg[\"From\"] = formataddr((SMTP_FROM_NAME, SMTP_FROM))")
	s.line("msg[\"To\"] = SMTP_FROM")
	s.line("msg[\"Subject\"] = %s", pythonString(i18n.T(l, "export.snippet.subject")))
	s.line("msg.set_content(%s)", pythonString(i18n.T(l, "export.snippet.body")))
	s.line("")
	s.line("context = ssl.create_default_context()")
	if out.Security == settings.TLS {
		s.line("with smtplib.SMTP_SSL(SMTP_HOST, SMTP_PORT, context=context) as smtp:")
	} else {
		s.line("with smtplib.SMTP(SMTP_HOST, SMTP_PORT) as smtp:")
		if out.Security == settings.STARTTLS {
			s.line("    smtp.starttls(context=context)")
		}
	}
	if smtpAuthOn(p) {
		s.line("    smtp.login(SMTP_USER, os.environ[\"SMTP_PASS\"])")
	}
	s.line("    smtp.send_message(msg)")
	return s.err
}

func writeNodemailer(w io.Writer, p *plan, o Options) error {
	l, out := o.lang(), *p.out
	s := &snippet{w: w}
	s.comments("//", p, l)
	s.line("const nodemailer = require(\"nodemailer\");")
	s.line("")
	s.line("const transporter = nodemailer.createTransport({")
	s.line("  host: %s,", jsString(out.Host))
	s.line("  port: %d,", out.Port)
	switch out.Security {
	case settings.TLS:
		s.line("  secure: true, // TLS from the first byte")
	case settings.STARTTLS:
		s.line("  secure: false,")
		s.line("  requireTLS: true, // STARTTLS, never plain text")
	default:
		s.line("  secure: false,")
	}
	if smtpAuthOn(p) {
		s.line("  auth: {")
		s.line("    user: %s,", jsString(out.Username))
		s.line("    pass: process.env.SMTP_PASS,")
		s.line("  },")
	}
	s.line("});")
	s.line("")
	s.line("transporter")
	s.line("  .sendMail({")
	s.line("    from: { name: %s, address: %s },", jsString(p.name), jsString(p.from()))
	s.line("    to: %s,", jsString(p.from()))
	s.line("    subject: %s,", jsString(i18n.T(l, "export.snippet.subject")))
	s.line("    text: %s,", jsString(i18n.T(l, "export.snippet.body")))
	s.line("  })")
	s.line("  .then((info) => console.log(info.messageId))")
	s.line("  .catch((err) => {")
	s.line("    console.error(err);")
	s.line("    process.exitCode = 1;")
	s.line("  });")
	return s.err
}
