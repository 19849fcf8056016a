// libpq and OpenSSL's libcrypto, loaded (dlopen) when a command first reaches
// a database or decrypts a value, not when the process starts: they and the
// twenty-odd libraries libpq pulls in (Kerberos, LDAP, GnuTLS, ...) cost
// every other command about a millisecond of start-up (bench/RESULTS.md).
// The functions are declared by the libraries' own headers, so each pointer
// has exactly the library's type.
#ifndef STAGEGATE_LIVE_SHARED_LIBS_H_
#define STAGEGATE_LIVE_SHARED_LIBS_H_

#include <libpq-fe.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <string>

namespace stagegate::live {

#define STAGEGATE_LIBPQ_FUNCTIONS(X)                                                               \
  X(PQclear)                                                                                       \
  X(PQconnectdbParams) X(PQconninfoFree) X(PQconninfoParse) X(PQerrorMessage) X(PQexecParams)      \
      X(PQfinish) X(PQfname) X(PQfreemem) X(PQgetisnull) X(PQgetlength) X(PQgetvalue) X(PQnfields) \
          X(PQntuples) X(PQresultErrorField) X(PQresultStatus) X(PQstatus) X(PQuser)

#define STAGEGATE_LIBCRYPTO_FUNCTIONS(X)                                                 \
  X(EVP_CIPHER_CTX_ctrl)                                                                 \
  X(EVP_CIPHER_CTX_free) X(EVP_CIPHER_CTX_new) X(EVP_DecodeBlock) X(EVP_DecryptFinal_ex) \
      X(EVP_DecryptInit_ex) X(EVP_DecryptUpdate) X(EVP_aes_256_gcm) X(EVP_sha384) X(HMAC)

#define STAGEGATE_SHARED_LIB_POINTER(name) decltype(&::name) name = nullptr;

struct Libpq {
  STAGEGATE_LIBPQ_FUNCTIONS(STAGEGATE_SHARED_LIB_POINTER)
};

struct Libcrypto {
  STAGEGATE_LIBCRYPTO_FUNCTIONS(STAGEGATE_SHARED_LIB_POINTER)
};

#undef STAGEGATE_SHARED_LIB_POINTER

// The library, loaded on the first call (thread-safe); nullptr when it
// cannot be loaded, with why in `error` ("libpq.so.5: cannot open shared
// object file ...; install libpq5").
const Libpq* LoadLibpq(std::string* error);
const Libcrypto* LoadLibcrypto(std::string* error);

// The loaded library, for code that runs only after a Load* succeeded (a
// session exists); throws std::runtime_error with the reason otherwise.
const Libpq& Pq();
const Libcrypto& Crypto();

}  // namespace stagegate::live

#endif  // STAGEGATE_LIVE_SHARED_LIBS_H_
