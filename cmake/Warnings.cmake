# Warnings are errors in our own code; generated protobuf code gets the same flags.
add_compile_options(-Wall -Wextra -Werror)
# Boost 1.74 Asio with g++ 12 in C++20 mode needs <utility> before any Boost header.
function(baken_uses_asio target)
    target_compile_options(${target} PRIVATE -include utility)
    target_link_libraries(${target} PRIVATE Boost::headers Threads::Threads)
endfunction()
