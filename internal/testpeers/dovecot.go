package testpeers

import (
	"fmt"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"testing"
	"time"
)

// Dovecot's test account.
const (
	DovecotAddress  = "user@example.test"
	DovecotPassword = "dovecot-test-pass"
)

// StartDovecot runs Debian's Dovecot in the foreground with a configuration
// of its own (build.md §7): IMAP, IMAPS, POP3 and POP3S on free ports of
// 127.0.0.1, one user in a passwd-file, a certificate from our own CA for
// "localhost" and 127.0.0.1, no delay after a failed login.
func StartDovecot(t testing.TB) *Peer {
	t.Helper()
	bin, err := exec.LookPath("dovecot")
	if err != nil {
		if _, serr := os.Stat("/usr/sbin/dovecot"); serr == nil {
			bin = "/usr/sbin/dovecot"
		} else {
			missing(t, "dovecot is not installed (apt-get install dovecot-imapd dovecot-pop3d)")
		}
	}
	dir := t.TempDir()
	// Dovecot's mail processes run as the mail user: let it reach the
	// directory (t.TempDir is private to us).
	for _, d := range []string{filepath.Dir(dir), dir} {
		_ = os.Chmod(d, 0o755)
	}
	for _, d := range []string{"ssl", "run", "mail"} {
		if err := os.MkdirAll(filepath.Join(dir, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	_ = os.Chmod(filepath.Join(dir, "mail"), 0o777)
	_, certFile, keyFile, pool := WriteCerts(t, filepath.Join(dir, "ssl"), "localhost", "127.0.0.1")
	caFile := filepath.Join(dir, "ssl", "ca.pem")

	uid, gid, extra := "65534", "65534", ""
	if os.Getuid() != 0 {
		// Not root: everything runs as ourselves (build.md: to verify).
		uid, gid = strconv.Itoa(os.Getuid()), strconv.Itoa(os.Getgid())
		if u, err := user.Current(); err == nil {
			extra = fmt.Sprintf("default_internal_user = %s\ndefault_login_user = %s\n", u.Username, u.Username)
		}
	}
	passwd := fmt.Sprintf("%s:{PLAIN}%s:%s:%s::%s\n", DovecotAddress, DovecotPassword, uid, gid, filepath.Join(dir, "mail", "user"))
	writeFile(t, filepath.Join(dir, "passwd"), passwd)

	ports := freePorts(t, 4)
	conf := fmt.Sprintf(`base_dir = %[1]s/run
state_dir = %[1]s/run/state
instance_name = mailsetup-test-%[2]d
protocols = imap pop3
listen = 127.0.0.1
log_path = /dev/stderr
info_log_path = /dev/stderr
auth_mechanisms = plain login
auth_failure_delay = 0
disable_plaintext_auth = yes
ssl = yes
ssl_cert = <%[3]s
ssl_key = <%[4]s
mail_location = maildir:%[1]s/mail/%%u
first_valid_uid = 1
%[9]spassdb {
  driver = passwd-file
  args = %[1]s/passwd
}
userdb {
  driver = passwd-file
  args = %[1]s/passwd
}
service imap-login {
  inet_listener imap {
    port = %[5]d
  }
  inet_listener imaps {
    port = %[6]d
    ssl = yes
  }
}
service pop3-login {
  inet_listener pop3 {
    port = %[7]d
  }
  inet_listener pop3s {
    port = %[8]d
    ssl = yes
  }
}
namespace inbox {
  inbox = yes
}
`, dir, time.Now().UnixNano(), certFile, keyFile, ports[0], ports[1], ports[2], ports[3], extra)
	confFile := filepath.Join(dir, "dovecot.conf")
	writeFile(t, confFile, conf)

	peer := &Peer{
		Host: "localhost", CAFile: caFile, CAPool: pool, Address: DovecotAddress, Password: DovecotPassword, Dir: dir,
		Ports: map[string]int{"imap": ports[0], "imaps": ports[1], "pop3": ports[2], "pop3s": ports[3]},
	}
	p := start(t, "dovecot", exec.Command(bin, "-F", "-c", confFile))
	p.waitListening(t, "dovecot", ports...)
	return peer
}
