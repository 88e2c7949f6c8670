package dnstest

import (
	"crypto/ed25519"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"math/big"
)

// RSAKeyRecord returns a DKIM key record (RFC 6376 §3.6.1) with an RSA public
// key of the given size. The modulus is fixed rather than generated, so the
// records (and golden files) are stable and a weak 512-bit key can be built
// at all (crypto/rsa refuses to generate one). It is not a usable key pair.
func RSAKeyRecord(bits int) string {
	n := new(big.Int).Lsh(big.NewInt(1), uint(bits-1))
	n.Add(n, big.NewInt(0x1234567))
	der, err := x509.MarshalPKIXPublicKey(&rsa.PublicKey{N: n, E: 65537})
	if err != nil {
		panic(err)
	}
	return "v=DKIM1; k=rsa; p=" + base64.StdEncoding.EncodeToString(der)
}

// Ed25519KeyRecord returns a DKIM key record with a fixed Ed25519 key (RFC 8463).
func Ed25519KeyRecord() string {
	pub := ed25519.NewKeyFromSeed(make([]byte, ed25519.SeedSize)).Public().(ed25519.PublicKey)
	return "v=DKIM1; k=ed25519; p=" + base64.StdEncoding.EncodeToString(pub)
}
