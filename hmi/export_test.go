package hmi

// BadFormat exports badFormat to the black-box tests.
var BadFormat = badFormat

// AsPanelUser exports asPanelUser to the black-box tests.
var AsPanelUser = asPanelUser
