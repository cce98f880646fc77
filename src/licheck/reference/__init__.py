"""Reference pages generated from the rule set and the finding registry: one page per finding kind
(`licheck explain CODE`, docs/findings/) and the license matrix and cards (`licheck licenses`,
`licheck explain ID`, docs/licenses/)."""
