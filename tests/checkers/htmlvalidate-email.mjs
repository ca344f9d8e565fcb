// html-validate's rules for the HTML part of every email, and for the full report page that shares its markup: the
// pages' rules (.htmlvalidate.mjs), with the deviations that mail clients force. Each says why.
import page from "../../.htmlvalidate.mjs";

// Outlook for Windows lays tables out by these attributes and ignores the CSS that replaces them, so email tables
// keep them; every other deprecated attribute is still reported.
const outlookTableAttributes = { width: { deprecated: false }, cellpadding: { deprecated: false }, cellspacing: { deprecated: false } };

export default {
  ...page,
  elements: ["html5", { table: { attributes: outlookTableAttributes }, td: { attributes: { align: { deprecated: false } } } }],
  rules: {
    ...page.rules,
    // Gmail (for other accounts' mail), Yahoo's apps and Outlook drop or rewrite <style> blocks: email styles are inline.
    "no-inline-style": "off",
    // The HTML parser adds <tbody> to every table; email layout tables leave it out to stay short, which is valid HTML.
    "prefer-tbody": "off",
  },
};
