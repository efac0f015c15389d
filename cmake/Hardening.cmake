# What Debian's dpkg-buildflags would add for a packaged program, for the optimised builds
# that ship (Release, and RelWithDebInfo outside the sanitizer and fuzzing builds, whose
# runtimes bring their own checks): bounds-checked libc calls, stack canaries and stack-clash
# probes, and a read-only relocation table resolved at start. Debian's g++ already builds
# position-independent executables by default.
if(NOT BAKEN_SANITIZE AND NOT BAKEN_FUZZ)
    # Not without a build type: glibc warns that fortification needs optimisation (-Werror).
    set(_baken_optimised "$<CONFIG:Release,RelWithDebInfo,MinSizeRel>")
    add_compile_options(
        "$<${_baken_optimised}:-U_FORTIFY_SOURCE>"
        "$<${_baken_optimised}:-D_FORTIFY_SOURCE=2>"
        -fstack-protector-strong
        -fstack-clash-protection
    )
    add_link_options(LINKER:-z,relro LINKER:-z,now)
endif()
