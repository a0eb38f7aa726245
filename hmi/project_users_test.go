package hmi_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/gohmi/gohmi/hmi"
	"github.com/gohmi/gohmi/tags/drivers"
)

// A PIN's hash line (2468), as hmi passwd --pin prints it.
const usersPIN = "$argon2id$v=19$m=19456,t=2,p=1$Y0sgL/Z92ThDImf3tIhnmg$//Y+yKuEMahkpST4bKVorYJLa4WM4n6LixbeVMqMd/U"

// usersProject copies testdata/writes (whose last button names role
// operator, at main.gopage:12:93) into a temporary directory.
func usersProject(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for _, f := range []string{"hmi.yaml", "screens/main.gopage"} {
		src, err := os.ReadFile(filepath.Join("testdata/writes", f))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, f)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, f), src, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func usersYAML(role string) string {
	return "users:\n  bob: {role: " + role + ", pin: '" + usersPIN + "'}\nroles:\n  " + role + ": {write: all}\n"
}

// TestProjectUsers: with a users file, an action's role must be one it
// defines (an error at the role, with a suggestion); the file's own
// mistakes are errors at their places; --users may point outside the
// project, and must exist when given.
func TestProjectUsers(t *testing.T) {
	const screenErrs = "screens/main.gopage:6:84: write to Tank1.Setpoint: 150 is above the maximum 100\n" +
		"screens/main.gopage:7:84: write to Tank1.Setpoint: 5 is below the minimum 10\n" +
		"screens/main.gopage:8:81: write to Batch.Count: cannot convert 1.5 to int"
	tests := []struct {
		name     string
		users    string // the project's users.yaml ("": none)
		outside  string // a users file outside the project, for --users ("": not given)
		missing  bool   // --users names a file that does not exist
		want     string // errors besides the screen's, with the project dir as $P and the outside dir as $O
		warnings int
		roles    bool // Users() is set
	}{
		{name: "no users file", warnings: 1},
		{name: "role defined", users: usersYAML("operator"), roles: true},
		{name: "role unknown", users: usersYAML("operater"),
			want: `$P/screens/main.gopage:12:93: unknown role "operator" (users.yaml defines operater), did you mean "operater"?`, roles: true},
		{name: "users file broken", users: "users:\n  bob: {role: admin, pin: '" + usersPIN + "'}\n",
			want: `$P/users.yaml:2:15: unknown role "admin"`},
		{name: "--users outside", outside: usersYAML("operator"), roles: true},
		{name: "--users outside, unknown role", users: usersYAML("operator"), outside: usersYAML("admin"),
			want: `$P/screens/main.gopage:12:93: unknown role "operator" (users.yaml defines admin)`, roles: true},
		{name: "--users missing", missing: true, want: `$O/users.yaml: users file: no such file or directory`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir, out := usersProject(t), t.TempDir()
			if tt.users != "" {
				if err := os.WriteFile(filepath.Join(dir, "users.yaml"), []byte(tt.users), 0o600); err != nil {
					t.Fatal(err)
				}
			}
			var opts hmi.LoadOptions
			if tt.outside != "" || tt.missing {
				opts.Users = filepath.Join(out, "users.yaml")
			}
			if tt.outside != "" {
				if err := os.WriteFile(opts.Users, []byte(tt.outside), 0o600); err != nil {
					t.Fatal(err)
				}
			}
			p, err := hmi.LoadWith(dir, drivers.Kinds(), opts)
			want := strings.ReplaceAll(screenErrs, "screens/", dir+"/screens/")
			if tt.want != "" {
				w := strings.NewReplacer("$P", dir, "$O", out).Replace(tt.want)
				want = strings.Join(sortLines(append(strings.Split(want, "\n"), w)), "\n")
			}
			if got := strings.Join(sortLines(errorLines(err)), "\n"); got != want {
				t.Errorf("errors:\n%s\nwant:\n%s", got, want)
			}
			if len(p.Warnings) != tt.warnings {
				t.Errorf("warnings %v", p.Warnings)
			}
			if (p.Users() != nil) != tt.roles {
				t.Errorf("Users() = %v", p.Users())
			}
		})
	}
}

func sortLines(l []string) []string {
	out := slices.Clone(l)
	slices.Sort(out)
	return out
}
