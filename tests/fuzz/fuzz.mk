# natter: the libFuzzer targets, built by "make fuzz-build" (Makefile.am
# passes srcdir, FUZZ_CC, FUZZ_CPPFLAGS, FUZZ_LIBS and LIB_SOURCES).  This
# is GNU make, kept out of automake's way: every module of libnatter.a
# is compiled again with clang, libFuzzer's coverage and the sanitizers,
# into tests/fuzz/obj of the build directory.  OBJ and OUT may be set to
# build elsewhere, with another FUZZ_CC (AFL++'s afl-clang-fast links the
# same targets with its own driver; doc/fuzzing.md).

FUZZ_FLAGS = -g -O1 -fno-omit-frame-pointer \
	-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined
OBJ = tests/fuzz/obj
OUT = tests/fuzz
TARGETS = $(OUT)/fuzz-msg $(OUT)/fuzz-conf $(OUT)/fuzz-text \
	$(OUT)/fuzz-server $(OUT)/fuzz-http $(OUT)/fuzz-ws

LIB_OBJS = $(patsubst %.c,$(OBJ)/%.o,$(LIB_SOURCES))
CORE_OBJS = $(OBJ)/tests/fuzz/core.o $(OBJ)/tests/fuzz/vclock.o

all: $(TARGETS)

$(OBJ)/%.o: $(srcdir)/%.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CPPFLAGS) $(FUZZ_FLAGS) -MMD -MP -c -o $@ $<

$(OUT)/fuzz-msg: $(OBJ)/tests/fuzz/fuzz-msg.o $(LIB_OBJS)
$(OUT)/fuzz-conf: $(OBJ)/tests/fuzz/fuzz-conf.o $(LIB_OBJS)
$(OUT)/fuzz-text: $(OBJ)/tests/fuzz/fuzz-text.o $(CORE_OBJS) $(LIB_OBJS)
$(OUT)/fuzz-server: $(OBJ)/tests/fuzz/fuzz-server.o $(CORE_OBJS) \
	$(LIB_OBJS)
$(OUT)/fuzz-http: $(OBJ)/tests/fuzz/fuzz-http.o $(LIB_OBJS)
$(OUT)/fuzz-ws: $(OBJ)/tests/fuzz/fuzz-ws.o $(LIB_OBJS)

$(TARGETS):
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_FLAGS) -o $@ $^ $(FUZZ_LIBS)

clean:
	rm -rf $(OBJ) $(TARGETS)

-include $(patsubst %.o,%.d,$(LIB_OBJS) $(CORE_OBJS) \
	$(patsubst $(OUT)/%,$(OBJ)/tests/fuzz/%.o,$(TARGETS)))

.PHONY: all clean
