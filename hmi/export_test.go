package hmi

// BadFormat exports badFormat to the black-box tests.
var BadFormat = badFormat
