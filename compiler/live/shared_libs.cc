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

// `soname` opened and its table filled by `resolve(handle, table, error)`.
template <typename Table, typename Resolve>
Loaded<Table> LoadTable(const char* soname, const char* package, Resolve resolve) {
  Loaded<Table> out;
  void* handle = Open(soname, package, &out.error);
  if (handle == nullptr) return out;
  resolve(handle, soname, out.table, &out.error);
  out.ok = out.error.empty();
  return out;
}

#define STAGEGATE_RESOLVE(name) \
  t.name = reinterpret_cast<decltype(t.name)>(Symbol(handle, soname, #name, error));

const Loaded<Libpq>& LibpqOnce() {
  static const Loaded<Libpq> loaded = LoadTable<Libpq>(
      STAGEGATE_LIBPQ_SONAME, STAGEGATE_LIBPQ_PACKAGE,
      [](void* handle, const char* soname, Libpq& t, std::string* error) {
        STAGEGATE_LIBPQ_FUNCTIONS(STAGEGATE_RESOLVE)
      });
  return loaded;
}

const Loaded<Libcrypto>& LibcryptoOnce() {
  static const Loaded<Libcrypto> loaded = LoadTable<Libcrypto>(
      STAGEGATE_LIBCRYPTO_SONAME, STAGEGATE_LIBCRYPTO_PACKAGE,
      [](void* handle, const char* soname, Libcrypto& t, std::string* error) {
        STAGEGATE_LIBCRYPTO_FUNCTIONS(STAGEGATE_RESOLVE)
      });
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
