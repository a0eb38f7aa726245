package opcua_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/gohmi/gohmi/tags"
	"github.com/gohmi/gohmi/tags/opcua"
)

func TestParseNodeID(t *testing.T) {
	for _, tt := range []struct {
		in, want, err string
	}{
		{"ns=2;s=Tank1.Level", "ns=2;s=Tank1.Level", ""},
		{"i=2258", "i=2258", ""},
		{"ns=3;i=1001", "ns=3;i=1001", ""},
		{"ns=1;g=09087e75-8e5e-499b-954f-f2a9603db28a", "ns=1;g=09087E75-8E5E-499B-954F-F2A9603DB28A", ""},
		{"", "", "no node id (address)"},
		{"ns=x;i=1", "", `invalid node id "ns=x;i=1"`},
		{"ns=2;i=abc", "", `invalid node id "ns=2;i=abc"`},
		{"ns=70000;i=1", "", `invalid node id "ns=70000;i=1"`},
	} {
		t.Run(tt.in, func(t *testing.T) {
			id, err := opcua.ParseNodeID(tt.in)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("err = %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil || id.String() != tt.want {
				t.Errorf("got %v, %v; want %s", id, err, tt.want)
			}
		})
	}
}

func TestNewErrors(t *testing.T) {
	ep := "opc.tcp://127.0.0.1:4840"
	tag := func(name, addr string) opcua.Tag {
		return opcua.Tag{Def: tags.Def{Name: name, Type: tags.Float, Address: addr}}
	}
	for _, tt := range []struct {
		name string
		cfg  opcua.Config
		tags []opcua.Tag
		errs []string
	}{
		{"ok", opcua.Config{Endpoint: ep, Policy: "basic256sha256", Mode: "signandencrypt"}, []opcua.Tag{tag("A", "ns=2;s=A")}, nil},
		{"full policy uri", opcua.Config{Endpoint: ep, Policy: "http://opcfoundation.org/UA/SecurityPolicy#Basic256Sha256", Mode: "Sign"}, nil, nil},
		{"no endpoint", opcua.Config{Name: "plc1"}, nil, []string{"opcua plc1: no endpoint"}},
		{"http endpoint", opcua.Config{Endpoint: "http://x:1"}, nil, []string{`endpoint "http://x:1": want opc.tcp://host:port`}},
		{"policy", opcua.Config{Endpoint: ep, Policy: "Basic512"}, nil, []string{`unknown security policy "Basic512"`}},
		{"mode", opcua.Config{Endpoint: ep, Policy: "Basic256Sha256", Mode: "Encrypt"}, nil, []string{`unknown security mode "Encrypt"`}},
		{"sign without policy", opcua.Config{Endpoint: ep, Mode: "Sign"}, nil, []string{"security mode Sign needs a security policy other than None"}},
		{"policy without mode", opcua.Config{Endpoint: ep, Policy: "Basic256Sha256", Mode: "None"}, nil, []string{"security policy Basic256Sha256 needs mode Sign or SignAndEncrypt"}},
		{"cert without key", opcua.Config{Endpoint: ep, CertFile: "c.pem"}, nil, []string{"cert and key must be given together"}},
		{"tags", opcua.Config{Name: "plc1", Endpoint: ep}, []opcua.Tag{
			tag("Tank1.Level", "ns=2;s=Level"),
			tag("Tank1.Level", "ns=2;s=Level"),
			tag("Tank2.Level", ""),
			tag("Tank3.Level", "ns=two;s=Level"),
			{Def: tags.Def{Name: "Tank4.Level", Address: "i=1"}, Deadband: opcua.Deadband{Kind: "percnt", Value: 1}},
			{Def: tags.Def{Name: "Tank5.Level", Address: "i=1"}, Deadband: opcua.Deadband{Kind: "percent", Value: 120}},
			{Def: tags.Def{Name: "Tank6.Level", Address: "i=1"}, Sampling: -time.Second},
			tag("7up", "i=1"),
		}, []string{
			"opcua plc1: tag Tank1.Level: defined twice",
			"opcua plc1: tag Tank2.Level: no node id (address)",
			`opcua plc1: tag Tank3.Level: invalid node id "ns=two;s=Level"`,
			`opcua plc1: tag Tank4.Level: unknown deadband kind "percnt" (want absolute or percent), did you mean "percent"?`,
			"opcua plc1: tag Tank5.Level: percent deadband 120 is above 100",
			"opcua plc1: tag Tank6.Level: sampling interval -1s is negative",
			`opcua plc1: tag 7up: invalid tag name "7up"`,
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := opcua.New(tt.cfg, tt.tags, opcua.Options{})
			if len(tt.errs) == 0 {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if err == nil {
				t.Fatal("no error")
			}
			for _, want := range tt.errs {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("error does not contain %q:\n%v", want, err)
				}
			}
		})
	}
}

func TestWriteWhileNotRunning(t *testing.T) {
	d, err := opcua.New(opcua.Config{Name: "plc1", Endpoint: "opc.tcp://127.0.0.1:1"},
		[]opcua.Tag{{Def: tags.Def{Name: "A", Address: "i=1"}}}, opcua.Options{})
	if err != nil {
		t.Fatal(err)
	}
	err = d.Write(context.Background(), "A", 1.0)
	if err == nil || err.Error() != "opcua plc1: not connected (not connected yet)" {
		t.Errorf("Write: %v", err)
	}
	err = d.Write(context.Background(), "B", 1.0)
	if err == nil || !strings.Contains(err.Error(), `opcua plc1: unknown tag "B"`) {
		t.Errorf("Write unknown: %v", err)
	}
}
