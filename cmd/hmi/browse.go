package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"text/tabwriter"
	"time"

	"github.com/gohmi/gohmi/tags/opcua"
)

const browseUsage = "usage: hmi browse ENDPOINT [--node ID] [--policy P --mode M] [--user U --password P] [--cert F --key F] [--pki DIR] [--timeout D]"

// browseCmd lists the children of one node of an OPC UA server (the
// Objects folder by default), so engineers can find the node ids to put
// in hmi.yaml.
func browseCmd(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("browse", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var cfg opcua.Config
	node := fs.String("node", "", "node id to list the children of (default: the Objects folder)")
	fs.StringVar(&cfg.Policy, "policy", "None", "security policy: None, Basic256Sha256, …")
	fs.StringVar(&cfg.Mode, "mode", "", "security mode: None, Sign, SignAndEncrypt (default: SignAndEncrypt when the policy is not None)")
	fs.StringVar(&cfg.Username, "user", "", "user name (default: anonymous)")
	fs.StringVar(&cfg.Password, "password", "", "password")
	fs.StringVar(&cfg.CertFile, "cert", "", "client certificate (default: generated into --pki)")
	fs.StringVar(&cfg.KeyFile, "key", "", "client private key")
	fs.StringVar(&cfg.PKIDir, "pki", "", "PKI folder: the client certificate (own/, generated when missing) and the trusted server certificates (trusted/; refused ones are saved into rejected/)")
	fs.DurationVar(&cfg.Timeout, "timeout", 5*time.Second, "connect and request timeout")
	if err := parseFlags(fs, args); err != nil {
		return 2
	}
	if fs.NArg() != 1 {
		fmt.Fprintln(stderr, browseUsage)
		return 2
	}
	cfg.Endpoint = fs.Arg(0)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	nodes, err := opcua.Browse(ctx, cfg, *node)
	if err != nil {
		fmt.Fprintf(stderr, "hmi browse: %v\n", err)
		return 1
	}
	printNodes(stdout, nodes)
	return 0
}

// printNodes prints one node a line, aligned; a "+" marks nodes with
// children, which --node lists.
func printNodes(w io.Writer, nodes []opcua.Node) {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "NODE ID\tBROWSE NAME\tCLASS\tDATA TYPE\tACCESS\tCHILDREN")
	for _, n := range nodes {
		kids := ""
		if n.HasChildren {
			kids = "+"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", n.ID, n.BrowseName, n.Class, dash(n.DataType), dash(n.Access), kids)
	}
	_ = tw.Flush()
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
