package hmi_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/gohmi/gohmi/hmi"
	"github.com/gohmi/gohmi/tags/drivers"
)

// TestProjectSchemaCoversTheDemo: every key the demo's hmi.yaml uses, at
// the top and in its history: entries, is in the project's JSON Schema
// (which refuses unknown keys), so an editor does not flag the demo.
func TestProjectSchemaCoversTheDemo(t *testing.T) {
	var schema struct {
		Properties map[string]struct {
			Items struct {
				Properties map[string]any `json:"properties"`
			} `json:"items"`
		} `json:"properties"`
	}
	must(t, json.Unmarshal(hmi.ProjectSchema(drivers.Kinds()), &schema))
	src, err := os.ReadFile(filepath.Join(demo, "hmi.yaml"))
	must(t, err)
	var doc map[string]any
	must(t, yaml.Unmarshal(src, &doc))
	for key := range doc {
		if _, ok := schema.Properties[key]; !ok {
			t.Errorf("hmi.yaml key %q is not in the schema", key)
		}
	}
	entries, _ := doc["history"].([]any)
	if len(entries) == 0 {
		t.Fatal("the demo records no history")
	}
	for _, e := range entries {
		for key := range e.(map[string]any) {
			if _, ok := schema.Properties["history"].Items.Properties[key]; !ok {
				t.Errorf("history key %q is not in the schema", key)
			}
		}
	}
}
