# goescape build. `make` builds build/goescape; `make check` installs what is
# missing (scripts/setup.sh) and runs every test; `make demo` runs the example.
CC      ?= cc
CSTD    := -std=c17
WARN    := -Wall -Wextra -Wshadow -Wno-unused-parameter
OPT     ?= -O2 -g
CPPFLAGS += -Isrc -D_GNU_SOURCE
LDLIBS  += -lmpfr -lgmp -lm -lpthread

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

$(B)/goescape: $(OBJ) $(CMD_OBJ)
	$(CC) $(OPT) -o $@ $^ $(LDLIBS)

$(B)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CSTD) $(WARN) $(OPT) $(CPPFLAGS) -MMD -MP -c -o $@ $<

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
