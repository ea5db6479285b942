#!/usr/bin/env bash
# Install the Debian packages the project uses, when they are missing:
#   apertium-nno-nob + lttoolbox  Bokmål/Nynorsk lemmatiser and compound splitter (search recall;
#                                 the product still works without them, with less recall)
#   mythes-no                     the Norwegian thesaurus `kb related seed` proposes related words
#                                 from (only to (re)seed corpus/related.toml, never at run time)
#   chromium                      the real browser of the UI tests (only with --browser)
#   nodejs, npm                   to install axe-core, the accessibility checker the UI tests
#                                 run in the page (only with --browser; `make install-test`
#                                 then runs `npm ci`)
# Needs root and apt-get; without them it says what is missing and carries on.
set -u
want=()
command -v lt-proc >/dev/null 2>&1 && [ -d /usr/share/apertium/apertium-nno-nob ] \
  || want+=(lttoolbox apertium-nno-nob)
[ -f /usr/share/mythes/th_nb_NO_v2.dat ] || want+=(mythes-no)
if [ "${1:-}" = "--browser" ]; then
  [ -x /usr/bin/chromium ] || want+=(chromium)
  command -v npm >/dev/null 2>&1 || want+=(nodejs npm)
fi
[ ${#want[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "system-deps: not root or no apt-get; missing: ${want[*]} (the features that need them are skipped)" >&2
  exit 0
fi
echo "system-deps: installing ${want[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null 2>&1 || true
apt-get install -y -qq --no-install-recommends "${want[@]}" >/dev/null 2>&1 \
  || echo "system-deps: apt-get install ${want[*]} failed; the features that need them are skipped" >&2
exit 0
