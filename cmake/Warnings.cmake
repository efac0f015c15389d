# Warnings are errors in our own code; generated protobuf code gets the same flags.
add_compile_options(-Wall -Wextra -Werror)
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    # GCC 12 at -O2/-O3 reports false -Wrestrict overlaps inside std::string for ordinary
    # code such as `"<" + std::to_string(n)` (GCC bug 105329). Not an error until fixed upstream.
    add_compile_options(-Wno-restrict)
endif()
# Boost 1.74 Asio with g++ 12 in C++20 mode needs <utility> before any Boost header.
function(baken_uses_asio target)
    target_compile_options(${target} PRIVATE -include utility)
    target_link_libraries(${target} PRIVATE Boost::headers Threads::Threads)
endfunction()
