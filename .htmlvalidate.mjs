// html-validate's rules for the app's pages (the survey pages, the reports, the coaches' pages): its recommended,
// a11y and document presets. Each deviation says why. The browser tests check every page's served markup with it
// (tests/checkers/checkers.mjs); `npx html-validate page.html` checks a saved page by hand.
export default {
  root: true,
  extends: ["html-validate:recommended", "html-validate:a11y", "html-validate:document"],
  rules: {
    // A search-engine rule. A page's title is the survey's full title in its language (some Spanish titles run past
    // 70 characters); the pages are never indexed (robots noindex), and a shorter title would name the survey less well.
    "long-title": "off",
  },
};
