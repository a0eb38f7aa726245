package tags

// CheckWrite converts v to the tag's type and checks its limits, as
// [DB.Write] does before it calls the driver: tools such as `hmi check` use
// it to reject a constant write that would always fail.
func (d Def) CheckWrite(v any) (any, error) { return checkWrite(d, v) }
