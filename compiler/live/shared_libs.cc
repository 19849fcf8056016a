#include "live/shared_libs.h"

#include <dlfcn.h>

#include <stdexcept>

#if !defined(OPENSSL_VERSION_MAJOR) || OPENSSL_VERSION_MAJOR != 3
#error "libcrypto is loaded as libcrypto.so.3: build against OpenSSL 3"
#endif

namespace stagegate::live {
namespace {

// One library's table, loaded once: the table, or why it could not be.
template <typename Table>
struct Loaded {
  Table table;
  bool ok = false;
  std::string error;
};

// dlopen's handle (never closed: the functions stay in use until exit).
void* Open(const char* soname, const char* package, std::string* error) {
  void* handle = dlopen(soname, RTLD_NOW | RTLD_LOCAL);
  if (handle == nullptr) {
    const char* why = dlerror();
    *error = std::string(why != nullptr ? why : soname) + "; install " + package;
  }
  return handle;
}

// The address of `name`, or nullptr with `error` set.
void* Symbol(void* handle, const char* soname, const char* name, std::string* error) {
  void* address = dlsym(handle, name);
  if (address == nullptr && error->empty()) *error = std::string(soname) + " has no " + name;
  return address;
}

#define STAGEGATE_RESOLVE(name) \
  t.name = reinterpret_cast<decltype(t.name)>(Symbol(handle, soname, #name, &out.error));

const Loaded<Libpq>& LibpqOnce() {
  static const Loaded<Libpq> loaded = [] {
    Loaded<Libpq> out;
    const char* soname = STAGEGATE_LIBPQ_SONAME;
    void* handle = Open(soname, STAGEGATE_LIBPQ_PACKAGE, &out.error);
    if (handle == nullptr) return out;
    Libpq& t = out.table;
    STAGEGATE_LIBPQ_FUNCTIONS(STAGEGATE_RESOLVE)
    out.ok = out.error.empty();
    return out;
  }();
  return loaded;
}

const Loaded<Libcrypto>& LibcryptoOnce() {
  static const Loaded<Libcrypto> loaded = [] {
    Loaded<Libcrypto> out;
    const char* soname = STAGEGATE_LIBCRYPTO_SONAME;
    void* handle = Open(soname, STAGEGATE_LIBCRYPTO_PACKAGE, &out.error);
    if (handle == nullptr) return out;
    Libcrypto& t = out.table;
    STAGEGATE_LIBCRYPTO_FUNCTIONS(STAGEGATE_RESOLVE)
    out.ok = out.error.empty();
    return out;
  }();
  return loaded;
}

#undef STAGEGATE_RESOLVE

template <typename Table>
const Table* TableOf(const Loaded<Table>& loaded, std::string* error) {
  if (loaded.ok) return &loaded.table;
  if (error != nullptr) *error = loaded.error;
  return nullptr;
}

template <typename Table>
const Table& Required(const Loaded<Table>& loaded) {
  if (!loaded.ok) throw std::runtime_error(loaded.error);
  return loaded.table;
}

}  // namespace

const Libpq* LoadLibpq(std::string* error) { return TableOf(LibpqOnce(), error); }
const Libcrypto* LoadLibcrypto(std::string* error) { return TableOf(LibcryptoOnce(), error); }
const Libpq& Pq() { return Required(LibpqOnce()); }
const Libcrypto& Crypto() { return Required(LibcryptoOnce()); }

}  // namespace stagegate::live
