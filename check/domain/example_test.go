package domain_test

import (
	"fmt"

	"github.com/mailsetup/mailsetup/check/domain"
)

func ExampleParseSPF() {
	rec, err := domain.ParseSPF("v=spf1 mx include:_spf.google.com ~all")
	if err != nil {
		fmt.Println(err)
		return
	}
	lookups := 0
	for _, t := range rec.Terms {
		if t.LooksUpDNS() {
			lookups++
		}
	}
	all, _ := rec.All()
	fmt.Printf("%d terms, %d DNS lookups before includes, ends with %s\n", len(rec.Terms), lookups, all)

	_, err = domain.ParseSPF("v=spf1 incude:_spf.google.com ~all")
	fmt.Println(err)
	// Output:
	// 3 terms, 2 DNS lookups before includes, ends with ~all
	// spf: "incude:_spf.google.com": unknown mechanism
}

func ExampleParseDMARC() {
	rec, err := domain.ParseDMARC("v=DMARC1; p=quarantine; rua=mailto:dmarc@example.com; pct=50")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(rec.Policy, rec.Percent, rec.RUA, rec.ADKIM)
	// Output: quarantine 50 [mailto:dmarc@example.com] r
}
