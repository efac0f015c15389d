// Writing a small file so that a crash or power cut leaves either no file (or the old one)
// or the whole new one — never a partial file. For keys, tokens and address files.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <string>

#include "common/bytes.h"
#include "common/result.h"

namespace baken {

enum class IfExists {
    replace,  // rename over an existing file
    keep,     // never overwrite: fail with already_exists (first writer wins)
};

struct FileWriteError {
    bool already_exists = false;  // only with IfExists::keep
    std::string text;             // for a person: path and reason
};

// Writes `content` to a fresh temporary file beside `path` (created exclusively, never
// following a symlink, with `mode`), fsyncs it, moves it into place and fsyncs the directory.
Result<Done, FileWriteError> write_file_atomically(const std::filesystem::path& path,
                                                   ByteView content, mode_t mode,
                                                   IfExists if_exists);

}  // namespace baken
