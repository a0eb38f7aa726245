package main

import (
	"bytes"
	"encoding/json"
	"testing"
)

func TestSchemaKinds(t *testing.T) {
	for which, title := range map[string]string{
		"screen": "gohmi screen (.gopage)", "project": "gohmi project (hmi.yaml)", "alarms": "gohmi alarms file (alarms/*.yaml)",
		"users": "gohmi users file (users.yaml)",
	} {
		var out bytes.Buffer
		if code := run([]string{"schema", which}, &out, &out); code != 0 {
			t.Fatalf("%s: exit %d: %s", which, code, out.String())
		}
		var v struct {
			Title      string         `json:"title"`
			Properties map[string]any `json:"properties"`
		}
		if err := json.Unmarshal(out.Bytes(), &v); err != nil {
			t.Fatalf("%s: not JSON: %v", which, err)
		}
		if v.Title != title {
			t.Errorf("%s: title %q, want %q", which, v.Title, title)
		}
		if which == "users" && (v.Properties["users"] == nil || v.Properties["roles"] == nil) {
			t.Errorf("users: properties %v", v.Properties)
		}
		if which != "screen" && which != "users" && v.Properties["alarms"] == nil {
			t.Errorf("%s: no alarms property", which)
		}
	}
	var out bytes.Buffer
	if code := run([]string{"schema", "alarm"}, &out, &out); code != 2 {
		t.Errorf("schema alarm: exit %d, want 2 (usage)", code)
	}
}
