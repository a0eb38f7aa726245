package alarms

import (
	"encoding/json"
	"slices"
	"testing"
)

// TestSchemaKeys: the schema of an entry lists exactly the keys Decode
// reads, so that an editor completes every key and flags no valid one.
func TestSchemaKeys(t *testing.T) {
	var s struct {
		Properties  map[string]any `json:"properties"`
		Definitions map[string]struct {
			Properties map[string]any `json:"properties"`
		} `json:"definitions"`
	}
	if err := json.Unmarshal(Schema(), &s); err != nil {
		t.Fatal(err)
	}
	if _, ok := s.Properties["alarms"]; !ok || len(s.Properties) != 1 {
		t.Errorf("root properties = %v, want alarms", s.Properties)
	}
	var keys []string
	for k := range s.Definitions["alarm"].Properties {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	want := slices.Sorted(slices.Values(entryKeys))
	if !slices.Equal(keys, want) {
		t.Errorf("schema keys %v\nwant %v", keys, want)
	}
}
