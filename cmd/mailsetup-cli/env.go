package main

import (
	"flag"

	"github.com/mailsetup/mailsetup/i18n"
)

// envFlags are the global flags whose default comes from the environment
// (spec/cli.md "Global flags").
var envFlags = map[string]string{"dns-server": "MAILSETUP_DNS_SERVER", "ca-file": "MAILSETUP_CA_FILE"}

// fromEnv names the environment variable in err when the flag's bad value
// came from there rather than from the command line: otherwise the user
// sees a value they never typed and cannot tell where it comes from.
func (c *cli) fromEnv(fs *flag.FlagSet, name string, err error) error {
	given := false
	fs.Visit(func(f *flag.Flag) { given = given || f.Name == name })
	if given || envFlags[name] == "" {
		return err
	}
	return i18n.NewError("clihelp.from_env", "error", i18n.Describe(err, c.Lang), "variable", envFlags[name])
}
