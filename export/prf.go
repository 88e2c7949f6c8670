package export

import (
	"io"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/mailsetup/mailsetup/i18n"
	"github.com/mailsetup/mailsetup/settings"
)

// Outlook PRF for classic Outlook on Windows, applied with
// "outlook.exe /importprf FILE" (formats.md §4.1): an INI file of seven
// sections, plain ASCII with CRLF line ends and no BOM. Names are folded to
// ASCII (José → Jose); an address or user name that cannot be written in
// ASCII is refused, since Outlook would log in with the wrong one.

// prfSection6 maps the MAPI services of section 2 to their properties.
// Verbatim from Office Customization Tool PRFs; do not modify.
const prfSection6 = `[Unicode Personal Folders]
ServiceName=MSUPST MS
Name=PT_UNICODE,0x3001
PathAndFilenameToPersonalFolders=PT_STRING8,0x6700
RememberPassword=PT_BOOLEAN,0x6701
EncryptionType=PT_LONG,0x6702
Password=PT_STRING8,0x6703

[Outlook Address Book]
ServiceName=CONTAB
`

// prfSection7 maps the internet account keys of section 5 to MAPI
// properties (formats.md §4.1). Fixed; do not modify.
const prfSection7 = `[I_Mail]
AccountType=POP3
AccountName=PT_UNICODE,0x0002
DisplayName=PT_UNICODE,0x000B
EmailAddress=PT_UNICODE,0x000C
POP3Server=PT_UNICODE,0x0100
POP3UserName=PT_UNICODE,0x0101
POP3UseSPA=PT_LONG,0x0108
Organization=PT_UNICODE,0x0107
ReplyEmailAddress=PT_UNICODE,0x0103
POP3Port=PT_LONG,0x0104
POP3UseSSL=PT_LONG,0x0105
SMTPServer=PT_UNICODE,0x0200
SMTPUseAuth=PT_LONG,0x0203
SMTPAuthMethod=PT_LONG,0x0208
SMTPUserName=PT_UNICODE,0x0204
SMTPUseSPA=PT_LONG,0x0207
ConnectionType=PT_LONG,0x000F
ConnectionOID=PT_UNICODE,0x0010
SMTPPort=PT_LONG,0x0201
SMTPSecureConnection=PT_LONG,0x020A
ServerTimeOut=PT_LONG,0x0209
LeaveOnServer=PT_LONG,0x1000

[IMAP_I_Mail]
AccountType=IMAP
AccountName=PT_UNICODE,0x0002
DisplayName=PT_UNICODE,0x000B
EmailAddress=PT_UNICODE,0x000C
IMAPServer=PT_UNICODE,0x0100
IMAPUserName=PT_UNICODE,0x0101
IMAPUseSPA=PT_LONG,0x0108
Organization=PT_UNICODE,0x0107
ReplyEmailAddress=PT_UNICODE,0x0103
IMAPPort=PT_LONG,0x0104
IMAPUseSSL=PT_LONG,0x0105
SMTPServer=PT_UNICODE,0x0200
SMTPUseAuth=PT_LONG,0x0203
SMTPAuthMethod=PT_LONG,0x0208
SMTPUserName=PT_UNICODE,0x0204
SMTPUseSPA=PT_LONG,0x0207
ConnectionType=PT_LONG,0x000F
ConnectionOID=PT_UNICODE,0x0010
SMTPPort=PT_LONG,0x0201
SMTPSecureConnection=PT_LONG,0x020A
ServerTimeOut=PT_LONG,0x0209
CheckNewImap=PT_LONG,0x1100
RootFolder=PT_UNICODE,0x1101
`

// prfIncomingSSL: 0 none, 1 implicit TLS, 2 STARTTLS (UNVERIFIED).
func prfIncomingSSL(s settings.Security) string {
	switch s {
	case settings.TLS:
		return "1"
	case settings.STARTTLS:
		return "2"
	}
	return "0"
}

// prfSMTPSecure: SMTPSecureConnection 0 none, 1 SSL/TLS, 2 STARTTLS.
func prfSMTPSecure(s settings.Security) string { return prfIncomingSSL(s) }

func onOff01(b bool) string {
	if b {
		return "1"
	}
	return "0"
}

type prfWriter struct {
	w   io.Writer
	err error
}

// line writes one line with CRLF.
func (pw *prfWriter) line(s string) {
	if pw.err == nil {
		_, pw.err = io.WriteString(pw.w, s+"\r\n")
	}
}

// block writes a multi-line constant with CRLF line ends.
func (pw *prfWriter) block(s string) {
	for _, l := range strings.Split(strings.TrimSuffix(s, "\n"), "\n") {
		pw.line(l)
	}
}

func writePRF(w io.Writer, p *plan, o Options) error {
	in, out := p.preferTLS(*p.in), p.preferTLS(*p.out)
	address := p.addr.Local + "@" + p.addr.ASCIIDomain
	for _, v := range []string{address, in.Username, out.Username} {
		if !isASCII(v) {
			return errorf(ReasonNonASCII, "value", v)
		}
	}
	name := prfValue(asciiFold(p.name))
	if name == "" {
		name = address
	}
	pop := in.Protocol == settings.POP3
	l := o.lang()
	pw := &prfWriter{w: w}
	for _, key := range []string{"export.prf.title", "export.prf.apply", "export.prf.password"} {
		pw.line("; " + asciiFold(i18n.T(l, key)))
	}
	pw.line("")
	pw.line("; Section 1 - Profile defaults")
	pw.line("[General]")
	pw.line("Custom=1")
	pw.line("ProfileName=Outlook")
	pw.line("DefaultProfile=Yes")
	pw.line("OverwriteProfile=Append")
	pw.line("ModifyDefaultProfileIfPresent=TRUE")
	pw.line("BackupProfile=No")
	if pop {
		pw.line("DefaultStore=Service1")
	}
	pw.line("")
	pw.line("; Section 2 - Services in profile")
	pw.line("[Service List]")
	if pop {
		// POP3 delivers into a PST; IMAP makes its own data file.
		pw.line("Service1=Unicode Personal Folders")
	}
	pw.line("")
	pw.line("; Section 3 - Internet accounts")
	pw.line("[Internet Account List]")
	if pop {
		pw.line("Account1=I_Mail")
	} else {
		pw.line("Account1=IMAP_I_Mail")
	}
	pw.line("")
	pw.line("; Section 4 - Values for each service")
	if pop {
		pw.line("[Service1]")
		pw.line("UniqueService=No")
		pw.line("Name=" + address)
		pw.line(`PathAndFilenameToPersonalFolders=%USERPROFILE%\Documents\Outlook Files\` + fileSafe(address) + ".pst")
		pw.line("EncryptionType=0x80000000")
		pw.line("")
	}
	pw.line("; Section 5 - Values for each internet account")
	pw.line("[Account1]")
	pw.line("UniqueService=No")
	pw.line("AccountName=" + address)
	pw.line("DisplayName=" + name)
	pw.line("EmailAddress=" + address)
	pfx := "IMAP"
	if pop {
		pfx = "POP3"
	}
	inAuth, outAuth := passwordAuth(in), passwordAuth(out)
	pw.line(pfx + "Server=" + in.Host)
	pw.line(pfx + "UserName=" + in.Username)
	pw.line(pfx + "Port=" + itoa(in.Port))
	pw.line(pfx + "UseSSL=" + prfIncomingSSL(in.Security))
	pw.line(pfx + "UseSPA=" + onOff01(inAuth == settings.AuthNTLM))
	pw.line("SMTPServer=" + out.Host)
	pw.line("SMTPPort=" + itoa(out.Port))
	pw.line("SMTPSecureConnection=" + prfSMTPSecure(out.Security))
	pw.line("SMTPUseAuth=" + onOff01(outAuth != settings.AuthNone))
	if out.Username == in.Username {
		pw.line("SMTPAuthMethod=0")
	} else {
		pw.line("SMTPAuthMethod=1")
		pw.line("SMTPUserName=" + out.Username)
	}
	pw.line("SMTPUseSPA=" + onOff01(outAuth == settings.AuthNTLM))
	pw.line("ConnectionType=0")
	if pop {
		pw.line("LeaveOnServer=0x1")
	}
	pw.line("")
	pw.line("; Section 6 - Mapping for profile properties. DO NOT MODIFY.")
	pw.block(prfSection6)
	pw.line("")
	pw.line("; Section 7 - Mapping for internet account properties. DO NOT MODIFY.")
	pw.block(prfSection7)
	return pw.err
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// asciiFold writes s in ASCII for PRF files: accents are dropped
// (José Muñoz → Jose Munoz), a few letters spelled out (ß → ss), and what
// has no ASCII form is left out.
func asciiFold(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(s) {
		switch {
		case r < 0x80:
			b.WriteRune(r)
		case unicode.Is(unicode.Mn, r):
		default:
			if rep, ok := foldSpecial[r]; ok {
				b.WriteString(rep)
			}
		}
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

var foldSpecial = map[rune]string{
	'ß': "ss", 'æ': "ae", 'Æ': "AE", 'ø': "o", 'Ø': "O", 'œ': "oe", 'Œ': "OE",
	'đ': "d", 'Đ': "D", 'ł': "l", 'Ł': "L", 'þ': "th", 'Þ': "Th", 'ð': "d", 'Ð': "D",
	'¿': "?", '¡': "!", '«': "\"", '»': "\"", '‘': "'", '’': "'", '“': "\"", '”': "\"",
	'–': "-", '—': "-", '·': ".", 'º': "o", 'ª': "a",
}

// prfValue keeps a value on its line and out of Windows' quote
// stripping (GetPrivateProfileString drops a pair of surrounding quotes).
func prfValue(s string) string { return strings.ReplaceAll(s, `"`, "'") }

// fileSafe replaces the characters Windows forbids in file names.
func fileSafe(s string) string {
	return strings.Map(func(r rune) rune {
		if strings.ContainsRune(`<>:"/\|?*%`, r) {
			return '_'
		}
		return r
	}, s)
}
