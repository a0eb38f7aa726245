package auth

import "encoding/json"

// hashPattern is the shape of a hash line; ParseHash checks the rest.
const hashPattern = `^\$argon2id\$v=19\$m=[0-9]+,t=[0-9]+,p=[0-9]+\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+$`

// Schema returns a JSON Schema (draft-07, as VS Code's YAML extension
// reads it) of a users file. What spans keys (a user's roles must exist,
// includes must not loop, hashes must be strong enough) is Decode's; the
// schema gives completion and catches unknown keys and wrong types.
func Schema() []byte {
	str := func(desc string) map[string]any { return map[string]any{"type": "string", "description": desc} }
	boolean := func(desc string) map[string]any {
		return map[string]any{"type": "boolean", "default": false, "description": desc}
	}
	patterns := func(desc string) map[string]any {
		return map[string]any{"description": desc, "anyOf": []any{
			map[string]any{"type": "string"},
			map[string]any{"type": "array", "items": map[string]any{"type": "string"}},
		}}
	}
	names := map[string]any{"anyOf": []any{
		map[string]any{"type": "string"},
		map[string]any{"type": "array", "items": map[string]any{"type": "string"}, "minItems": 1},
	}}
	hash := func(desc string) map[string]any {
		return map[string]any{"type": "string", "pattern": hashPattern, "description": desc}
	}
	duration := map[string]any{"type": "string", "pattern": `^([0-9.]+(ns|us|µs|ms|s|m|h))+$`}
	user := map[string]any{
		"type": "object",
		"properties": map[string]any{
			"full-name": str("Shown on the panel (User.Name is the login name)."),
			"role":      map[string]any{"type": "string", "description": "The user's role (or roles: a list)."},
			"roles":     names,
			"password":  hash("Argon2id hash line of the password, from hmi passwd."),
			"pin":       hash("Argon2id hash line of a PIN (4 or more digits), from hmi passwd --pin."),
			"disabled":  boolean("May not log in; a live session ends at the reload."),
		},
		"additionalProperties": false,
		"anyOf":                []any{map[string]any{"required": []string{"password"}}, map[string]any{"required": []string{"pin"}}},
	}
	role := map[string]any{
		"type": []string{"object", "null"},
		"properties": map[string]any{
			"includes":    names,
			"write":       patterns("Tags the role may write: all, a pattern (Pump*.Start) or a list."),
			"navigate":    patterns("Screens the role may open: all, a pattern or a list."),
			"reauth":      patterns("Tags whose writes ask for the secret again and a reason."),
			"alarms":      map[string]any{"description": "Alarm permissions.", "anyOf": []any{map[string]any{"enum": []string{"all", "ack", "shelve", "out-of-service"}}, map[string]any{"type": "array", "items": map[string]any{"enum": []string{"all", "ack", "shelve", "out-of-service"}}}}},
			"web-control": boolean("May write and acknowledge through the web view."),
			"leave-kiosk": boolean("May confirm leaving kiosk mode."),
		},
		"additionalProperties": false,
	}
	session := map[string]any{
		"type": "object",
		"properties": map[string]any{
			"idle-logout": map[string]any{"description": "Log out after this long without activity (default 15m), or off.", "anyOf": []any{duration, map[string]any{"const": "off"}}},
			"lockout": map[string]any{
				"type": "object",
				"properties": map[string]any{
					"failures":    map[string]any{"type": "integer", "minimum": 1, "maximum": maxFailuresSetting, "default": DefaultFailures, "description": "Failed logins in a row before a lockout."},
					"backoff":     map[string]any{"allOf": []any{duration}, "default": "30s", "description": "The first lockout; each further failure doubles it."},
					"max-backoff": map[string]any{"allOf": []any{duration}, "default": "15m", "description": "The longest lockout."},
				},
				"additionalProperties": false,
			},
		},
		"additionalProperties": false,
	}
	root := map[string]any{
		"$schema":     "http://json-schema.org/draft-07/schema#",
		"$id":         "https://gohmi.dev/schema/users.json",
		"title":       "gohmi users file (users.yaml)",
		"description": "Users (Argon2id hashes), roles and their permissions, session settings. No users file: everyone may do everything.",
		"type":        "object",
		"properties": map[string]any{
			"users":   map[string]any{"type": "object", "minProperties": 1, "additionalProperties": user, "description": "Users by login name."},
			"roles":   map[string]any{"type": "object", "additionalProperties": role, "description": "Roles by name."},
			"session": session,
		},
		"required":             []string{"users"},
		"additionalProperties": false,
	}
	b, err := json.MarshalIndent(root, "", "  ")
	if err != nil {
		panic("auth: schema: " + err.Error()) // cannot happen: plain maps and slices
	}
	return b
}
