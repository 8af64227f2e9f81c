//===- MappedFile.cpp - a read-only memory-mapped file --------------------===//

#include "runtime/core/MappedFile.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <utility>

using namespace dtc;

Result<MappedFile> MappedFile::open(const std::string &path) {
  auto failure = [&](const char *what) {
    return Error{std::string("cannot ") + what + " '" + path +
                     "': " + std::strerror(errno),
                 errno == ENOENT ? ErrorCode::NotFound : ErrorCode::Io};
  };
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return failure("open");
  struct stat st;
  if (fstat(fd, &st) != 0) {
    Error error = failure("stat");
    ::close(fd);
    return error;
  }
  if (!S_ISREG(st.st_mode)) {
    ::close(fd);
    return Error{"cannot map '" + path + "': not a regular file",
                 ErrorCode::Io};
  }
  MappedFile file;
  file.size_ = static_cast<size_t>(st.st_size);
  if (file.size_ > 0) {
    void *data = mmap(nullptr, file.size_, PROT_READ, MAP_PRIVATE, fd, 0);
    if (data == MAP_FAILED) {
      Error error = failure("map");
      ::close(fd);
      return error;
    }
    file.data_ = static_cast<const uint8_t *>(data);
  }
  ::close(fd);
  return file;
}

MappedFile &MappedFile::operator=(MappedFile &&other) noexcept {
  if (this != &other) {
    if (data_)
      munmap(const_cast<uint8_t *>(data_), size_);
    data_ = std::exchange(other.data_, nullptr);
    size_ = std::exchange(other.size_, 0);
  }
  return *this;
}

MappedFile::~MappedFile() {
  if (data_)
    munmap(const_cast<uint8_t *>(data_), size_);
}
