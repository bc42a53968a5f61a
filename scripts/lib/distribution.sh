# Sourced by the deploy scripts (run from the project root, for ./mvnw).
#
# fetch_distribution GROUP:ARTIFACT:VERSION TOP DEST [EXECUTABLE_GLOB...]
#   Fetches the distribution's zip through Maven (cached in the local repository) and makes its
#   top folder TOP into DEST. It is unpacked beside DEST and moved there whole, so an interrupted
#   unpack never leaves a half server that a later run would take for a complete one. Without
#   unzip the JDK's jar unpacks it; jar keeps no permissions, so the globs (under TOP) get +x.
fetch_distribution() {
  local coords=$1 top=$2 dest=$3 artifact version
  shift 3
  IFS=: read -r _ artifact version <<<"$coords"
  mkdir -p "$(dirname "$dest")"
  fetch_download=$(mktemp -d "$(dirname "$dest")/.download.XXXXXX")
  trap 'rm -rf "$fetch_download"' EXIT
  ./mvnw -q -B dependency:copy -Dartifact="$coords:zip" -DoutputDirectory="$fetch_download"
  local zip=$fetch_download/$artifact-$version.zip unpacked=$fetch_download/unpacked
  mkdir "$unpacked"
  if command -v unzip >/dev/null; then
    unzip -q "$zip" -d "$unpacked"
  else
    (cd "$unpacked" && jar xf "$zip")
    # shellcheck disable=SC2048 # the globs expand here, under the unpacked top folder
    (cd "$unpacked/$top" && chmod +x $*)
  fi
  rm -rf "$dest"
  mv "$unpacked/$top" "$dest"
  rm -rf "$fetch_download"
  trap - EXIT
}
