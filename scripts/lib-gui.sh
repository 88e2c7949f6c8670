# Shared by the GUI scripts (sourced): build the real app once and run it
# under a private X server and session bus, with an isolated HOME.
# Callers set: GUI_BIN (binary), and use gui_env / gui_run.

GO=${GO:-go}
export GOFLAGS=${GOFLAGS:--buildvcs=false}
GUI_BIN=${GUI_BIN:-bin/mailsetup}

# gui_build builds the GUI with cgo. migrated_fynedo: FyneApp.toml migrates
# to fyne.Do, and a plain go build must say so itself.
gui_build() {
  mkdir -p "$(dirname "$GUI_BIN")"
  CGO_ENABLED=1 $GO build -tags migrated_fynedo -o "$GUI_BIN" .
}

# gui_home makes a throwaway HOME and XDG_RUNTIME_DIR so a run never reads
# or writes the user's preferences, keychain or Thunderbird profile.
gui_home() {
  GUI_TMP=$(mktemp -d)
  mkdir -p "$GUI_TMP/home/.cache" "$GUI_TMP/home/.config" "$GUI_TMP/home/.local/share" "$GUI_TMP/home/Documents" "$GUI_TMP/run"
  chmod 700 "$GUI_TMP/run"
}

# gui_env prints the env(1) arguments of an isolated run.
gui_env() {
  echo HOME="$GUI_TMP/home" XDG_RUNTIME_DIR="$GUI_TMP/run" XDG_CONFIG_HOME="$GUI_TMP/home/.config" \
    XDG_DATA_HOME="$GUI_TMP/home/.local/share" WAYLAND_DISPLAY= LANG=en_US.UTF-8 LC_ALL= LANGUAGE=
}
