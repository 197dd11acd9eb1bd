import { LintCheck, ruleSubject } from "../check";

const PLACEHOLDERS = /^(todo|tbd|fixme|rule|allow|deny|description|n\/a|none|test|managed by terraform|-+|\.+)$/i;

export const missingOrDefaultDescription: LintCheck = {
  id: "missing-or-default-description",
  severity: "warning",
  title: "Missing or placeholder description",
  explanation: "Reviewers on both clouds see the description; it must say why the rule exists.",
  check(bound) {
    return bound.rules
      .filter((r) => r.description.trim() === "" || PLACEHOLDERS.test(r.description.trim()) || r.description.trim() === r.id)
      .map((r) => ({ ...ruleSubject(r), message: `has the placeholder description "${r.description}". Say why the rule exists` }));
  },
};
