// See atomic_file.h.
#include "common/atomic_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace baken {
namespace fs = std::filesystem;

namespace {

bool write_all(int fd, const std::uint8_t* data, std::size_t size) {
    while (size > 0) {
        ssize_t n = ::write(fd, data, size);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        data += n;
        size -= static_cast<std::size_t>(n);
    }
    return true;
}

void fsync_dir(const fs::path& dir) {
    int fd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return;
    ::fsync(fd);
    ::close(fd);
}

Failure<FileWriteError> error(const std::string& what, const fs::path& path, int err) {
    return fail(
        FileWriteError{false, "cannot " + what + " " + path.string() + ": " + std::strerror(err)});
}

}  // namespace

Result<Done, FileWriteError> write_file_atomically(const fs::path& path, ByteView content,
                                                   mode_t mode, IfExists if_exists) {
    fs::path tmp = path;
    tmp += ".tmp-" + std::to_string(::getpid());
    ::unlink(tmp.c_str());  // left by an earlier crash of this same pid number, if at all
    int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
    if (fd < 0) return error("create", tmp, errno);
    ::fchmod(fd, mode);  // the umask must not widen or narrow what was asked for
    bool written = write_all(fd, content.data(), content.size()) && ::fsync(fd) == 0;
    int write_errno = errno;
    ::close(fd);
    if (!written) {
        ::unlink(tmp.c_str());
        return error("write", tmp, write_errno);
    }
    int rc = if_exists == IfExists::replace ? ::rename(tmp.c_str(), path.c_str())
                                            : ::link(tmp.c_str(), path.c_str());
    int move_errno = errno;
    ::unlink(tmp.c_str());  // after link(); after rename() it is already gone
    if (rc != 0) {
        if (move_errno == EEXIST)
            return fail(FileWriteError{true, path.string() + " already exists"});
        return error("move into place", path, move_errno);
    }
    fsync_dir(path.parent_path());
    return Done{};
}

}  // namespace baken
