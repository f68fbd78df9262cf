# goescape build. `make` builds build/goescape; `make check` installs what is
# missing (scripts/setup.sh) and runs every test; `make demo` runs the example.
CC      ?= cc
CSTD    := -std=c17
WARN    := -Wall -Wextra -Wshadow -Wno-unused-parameter
OPT     ?= -O2 -g
CPPFLAGS += -Isrc -D_GNU_SOURCE
LDLIBS  += -lmpfr -lgmp -lxxhash -lm -lpthread

STAGES  := base load syntax types ir inline escape report
LIB_SRC := $(foreach s,$(STAGES),$(wildcard src/$(s)/*.c))
CMD_SRC := $(wildcard src/cmd/*.c)

B       := build
OBJ     := $(LIB_SRC:%.c=$(B)/obj/%.o)
CMD_OBJ := $(CMD_SRC:%.c=$(B)/obj/%.o)
SOBJ    := $(LIB_SRC:%.c=$(B)/san/%.o)
SCMD    := $(CMD_SRC:%.c=$(B)/san/%.o)
SANFL   := -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined

UNIT_SRC := $(wildcard tests/unit/*.c)
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(B)/unit/%)

.PHONY: all san unit check demo bench fuzz clean setup ci
all: $(B)/goescape

# Profile-guided optimisation (PGO=auto, the default, with gcc): the objects
# of build/goescape are compiled once instrumented, that binary analyses
# net/http and its dependencies from GOROOT (scripts/pgo-train.sh, the
# counts land beside the objects), and they are compiled again from the
# counts (-fprofile-use): 3-8% less CPU time after an edit of net/http
# (docs/performance.md). A source change retrains, so while developing
# PGO=0 (a plain -O2 build) rebuilds faster. The counters are updated
# atomically: several threads run the same code, and counts they tear make
# gcc reject the profile ("corrupted value profile"). Plain as well: builds given
# their own OPT (sanitizers), without gcc, or without a GOROOT to train on.
PGO ?= auto
ifeq ($(PGO),auto)
ifeq ($(origin OPT),file)
PGO := $(shell $(CC) -v 2>&1 | grep -q '^gcc version' && scripts/pgo-train.sh --check >/dev/null 2>&1 && echo 1 || echo 0)
else
PGO := 0
endif
endif
ifeq ($(PGO),1)
PGOFL := -fprofile-use -fprofile-partial-training -Wno-missing-profile
$(OBJ) $(CMD_OBJ): $(B)/pgo-trained
$(B)/pgo-trained: $(LIB_SRC) $(CMD_SRC) $(wildcard src/*/*.h) scripts/pgo-train.sh
	@find $(B)/obj -name '*.gcda' -delete 2>/dev/null || true
	@$(MAKE) -s --no-print-directory PGO=0 OPT="$(OPT) -fprofile-generate -fprofile-update=atomic" $(B)/goescape
	@scripts/pgo-train.sh $(B)/goescape || { echo "pgo: training failed: no profile" >&2; \
	  find $(B)/obj -name '*.gcda' -delete; }
	@find $(B)/obj -name '*.o' -delete
	@touch $@
endif

# The binary is linked statically when the C library and the libraries
# have archives (Debian's -dev packages ship them): the dynamic loader's
# mapping and relocation of six libraries took half of a millisecond of
# each run (1.0 -> 0.55 ms for `goescape version`). STATIC= links
# dynamically, as do builds with sanitizers (their runtimes need it).
STATIC ?= $(if $(findstring -fsanitize,$(OPT)),,$(shell mkdir -p $(B) && \
  printf 'int main(void){return 0;}\n' | $(CC) -x c - -static -o $(B)/.static-probe $(LDLIBS) \
  >/dev/null 2>&1 && echo -static; rm -f $(B)/.static-probe))

$(B)/goescape: $(OBJ) $(CMD_OBJ)
	$(CC) $(OPT) $(STATIC) -o $@ $^ $(LDLIBS)

$(B)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CSTD) $(WARN) $(OPT) $(PGOFL) $(CPPFLAGS) -MMD -MP -c -o $@ $<

san: $(B)/goescape-san
$(B)/goescape-san: $(SOBJ) $(SCMD)
	$(CC) $(SANFL) -o $@ $^ $(LDLIBS)
$(B)/san/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CSTD) $(WARN) $(SANFL) $(CPPFLAGS) -MMD -MP -c -o $@ $<

$(B)/unit/%: tests/unit/%.c $(SOBJ)
	@mkdir -p $(dir $@)
	$(CC) $(CSTD) $(WARN) $(SANFL) $(CPPFLAGS) -o $@ $^ $(LDLIBS)
unit: $(UNIT_BIN)

setup:
	@bash scripts/setup.sh

check: setup
	@$(MAKE) -s --no-print-directory all san unit
	@bash tests/run.sh

demo: setup
	@$(MAKE) -s --no-print-directory all
	@bash examples/demo.sh

bench: setup
	@$(MAKE) -s --no-print-directory all
	@bash bench/run.sh

# Only the escape part of make bench (bench/escape.sh): goescape -m vs go build
# -gcflags=-m, cold std and after an edit. BENCH_RUNS=N (default 3).
.PHONY: bench-escape
bench-escape: setup
	@$(MAKE) -s --no-print-directory all
	@GOESCAPE=$(B)/goescape bash bench/escape.sh

fuzz:
	@bash fuzz/run.sh

clean:
	rm -rf $(B)

-include $(OBJ:.o=.d) $(CMD_OBJ:.o=.d) $(SOBJ:.o=.d) $(SCMD:.o=.d)

# Escape-analysis test tools (tests/escape). conform: GOROOT/test -m files
# through goescape, by the gc harness's rules (ARGS: runner flags, e.g.
# ARGS='-group l -v'); conform-gc: the same runner on the real compiler, which
# must pass all 75 files; escape-golden: golden programs and the scenario vs
# gc's -m=2 -l; diff-std: goescape -m -l vs go build -gcflags='-m -l' on std
# (slow; results in build/diff-std/).
.PHONY: conform conform-gc escape-golden diff-std
conform: all
	@bash tests/escape/errorcheck.sh -goescape $(B)/goescape $(ARGS)
conform-gc:
	@bash tests/escape/errorcheck.sh -gc $(ARGS)
escape-golden: all
	@bash tests/escape/golden.sh $(B)/goescape
diff-std: all
	@bash tests/escape/diff_std.sh -b $(B)/goescape $(ARGS)

# diff-thirdparty: goescape -m vs go build -gcflags=-m on third-party code outside
# GOROOT: the Debian 12 golang-*-dev packages scripts/setup.sh installs, built in
# GOPATH mode from /usr/share/gocode with their non-standard dependencies
# (results in build/diff-thirdparty/).
THIRDPARTY_GOPATH = /usr/share/gocode
THIRDPARTY_PKGS = github.com/sirupsen/logrus gopkg.in/yaml.v2 github.com/hashicorp/golang-lru \
	github.com/json-iterator/go github.com/valyala/fastjson github.com/go-logr/logr golang.org/x/net/html
.PHONY: diff-thirdparty
diff-thirdparty: all
	@for p in $(THIRDPARTY_PKGS); do [ -d $(THIRDPARTY_GOPATH)/src/$$p ] || \
	  { echo "missing $(THIRDPARTY_GOPATH)/src/$$p: run scripts/setup.sh"; exit 2; }; done
	@GOPATH=$(THIRDPARTY_GOPATH) GO111MODULE=off bash tests/escape/diff_std.sh -b $(B)/goescape \
	  -o build/diff-thirdparty -f "-m" -C $(THIRDPARTY_GOPATH)/src -d $(THIRDPARTY_PKGS) $(ARGS)
