package auth_test

import (
	"encoding/json"
	"regexp"
	"testing"

	"github.com/gohmi/gohmi/hmi/auth"
)

// TestSchema: the schema is JSON, its keys are the decoder's, and its hash
// pattern accepts hmi passwd's lines.
func TestSchema(t *testing.T) {
	var s struct {
		Properties struct {
			Users struct {
				AdditionalProperties struct {
					Properties map[string]struct {
						Pattern string `json:"pattern"`
					} `json:"properties"`
				} `json:"additionalProperties"`
			} `json:"users"`
			Roles struct {
				AdditionalProperties struct {
					Properties map[string]any `json:"properties"`
				} `json:"additionalProperties"`
			} `json:"roles"`
		} `json:"properties"`
	}
	if err := json.Unmarshal(auth.Schema(), &s); err != nil {
		t.Fatal(err)
	}
	user := s.Properties.Users.AdditionalProperties.Properties
	for _, k := range []string{"full-name", "role", "roles", "password", "pin", "disabled"} {
		if _, ok := user[k]; !ok {
			t.Errorf("user key %s missing", k)
		}
	}
	if len(user) != 6 {
		t.Errorf("user keys %v", user)
	}
	role := s.Properties.Roles.AdditionalProperties.Properties
	for _, k := range []string{"includes", "write", "navigate", "alarms", "web-control", "leave-kiosk", "reauth"} {
		if _, ok := role[k]; !ok {
			t.Errorf("role key %s missing", k)
		}
	}
	re := regexp.MustCompile(user["password"].Pattern)
	for _, h := range []string{pw1, pw2, pin1} {
		if !re.MatchString(h) {
			t.Errorf("pattern refuses %s", h)
		}
	}
}
