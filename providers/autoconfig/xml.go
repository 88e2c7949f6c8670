package autoconfig

import "encoding/xml"

// The raw shape of a config-v1.1 file, as encoding/xml reads it. Elements
// that may occur once are still read as slices, so that a file repeating one
// (two <hostname>s in a server) is seen and refused instead of "last wins".
// Elements this package does not use (oAuth2, webMail, pop3, displayShortName,
// exchange URLs, ...) have no field and are skipped by the decoder, which is
// the "must ignore" rule of draft-ietf-mailmaint-autoconfig.

type xmlClientConfig struct {
	XMLName   xml.Name      `xml:"clientConfig"`
	Version   string        `xml:"version,attr"`
	Providers []xmlProvider `xml:"emailProvider"`
	// Two ISPDB files (googlemail.com, yandex.ru) put <enable> at the top
	// level instead of inside emailProvider.
	Enable []xmlEnable `xml:"enable"`
}

type xmlProvider struct {
	ID            string      `xml:"id,attr"`
	Domains       []string    `xml:"domain"`
	DisplayName   []string    `xml:"displayName"`
	Incoming      []xmlServer `xml:"incomingServer"`
	Outgoing      []xmlServer `xml:"outgoingServer"`
	Enable        []xmlEnable `xml:"enable"`
	Documentation []xmlLink   `xml:"documentation"`
}

type xmlServer struct {
	Type           string   `xml:"type,attr"`
	Hostname       []string `xml:"hostname"`
	Port           []string `xml:"port"`
	SocketType     []string `xml:"socketType"`
	Username       []string `xml:"username"`
	Authentication []string `xml:"authentication"`
}

type xmlEnable struct {
	VisitURL string `xml:"visiturl,attr"`
}

type xmlLink struct {
	URL string `xml:"url,attr"`
}
