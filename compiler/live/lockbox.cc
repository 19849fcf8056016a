#include "live/lockbox.h"

#include <openssl/evp.h>
#include <openssl/kdf.h>

#include <memory>
#include <vector>

namespace stagegate::live {
namespace {

constexpr size_t kKeyBytes = 32;
constexpr size_t kNonceBytes = 12;
constexpr size_t kTagBytes = 16;

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::optional<std::string> Base64Decode(std::string_view text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.remove_suffix(1);
  if (text.empty() || text.size() % 4 != 0) return std::nullopt;
  size_t padding = 0;
  if (text.back() == '=') ++padding;
  if (text.size() >= 2 && text[text.size() - 2] == '=') ++padding;
  std::string out(text.size() / 4 * 3, '\0');
  int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(text.data()),
                          static_cast<int>(text.size()));
  if (n < 0 || static_cast<size_t>(n) < padding) return std::nullopt;
  out.resize(static_cast<size_t>(n) - padding);
  return out;
}

struct PkeyCtxFree {
  void operator()(EVP_PKEY_CTX* ctx) const { EVP_PKEY_CTX_free(ctx); }
};
struct CipherCtxFree {
  void operator()(EVP_CIPHER_CTX* ctx) const { EVP_CIPHER_CTX_free(ctx); }
};

std::optional<std::string> DeriveKey(const std::string& master, std::string_view table,
                                     std::string_view column) {
  std::unique_ptr<EVP_PKEY_CTX, PkeyCtxFree> ctx(EVP_PKEY_CTX_new_id(EVP_PKEY_HKDF, nullptr));
  if (!ctx) return std::nullopt;
  std::string info(32, static_cast<char>(0xB4));
  info.append(column);
  info.append("_ciphertext");
  auto bytes = [](std::string_view s) { return reinterpret_cast<const unsigned char*>(s.data()); };
  if (EVP_PKEY_derive_init(ctx.get()) <= 0 ||
      EVP_PKEY_CTX_set_hkdf_md(ctx.get(), EVP_sha384()) <= 0 ||
      EVP_PKEY_CTX_set1_hkdf_salt(ctx.get(), bytes(table), static_cast<int>(table.size())) <= 0 ||
      EVP_PKEY_CTX_set1_hkdf_key(ctx.get(), bytes(master), static_cast<int>(master.size())) <= 0 ||
      EVP_PKEY_CTX_add1_hkdf_info(ctx.get(), bytes(info), static_cast<int>(info.size())) <= 0) {
    return std::nullopt;
  }
  std::string key(kKeyBytes, '\0');
  size_t length = key.size();
  if (EVP_PKEY_derive(ctx.get(), reinterpret_cast<unsigned char*>(key.data()), &length) <= 0 ||
      length != kKeyBytes) {
    return std::nullopt;
  }
  return key;
}

}  // namespace

std::optional<LockboxKey> LockboxKey::Parse(std::string_view hex, std::string* problem) {
  while (!hex.empty() && (hex.back() == '\n' || hex.back() == ' ')) hex.remove_suffix(1);
  if (hex.size() != kKeyBytes * 2) {
    *problem = "it is " + std::to_string(hex.size()) + " characters long; ToolJet's master key is " +
               std::to_string(kKeyBytes * 2) + " hexadecimal digits";
    return std::nullopt;
  }
  LockboxKey key;
  key.key_.resize(kKeyBytes);
  for (size_t i = 0; i < kKeyBytes; ++i) {
    int hi = HexDigit(hex[2 * i]);
    int lo = HexDigit(hex[2 * i + 1]);
    if (hi < 0 || lo < 0) {
      *problem = "it holds a character that is not a hexadecimal digit";
      return std::nullopt;
    }
    key.key_[i] = static_cast<char>(hi * 16 + lo);
  }
  return key;
}

std::optional<std::string> LockboxKey::Decrypt(std::string_view table, std::string_view column,
                                               std::string_view ciphertext) const {
  std::optional<std::string> raw = Base64Decode(ciphertext);
  if (!raw || raw->size() < kNonceBytes + kTagBytes) return std::nullopt;
  std::optional<std::string> key = DeriveKey(key_, table, column);
  if (!key) return std::nullopt;
  std::unique_ptr<EVP_CIPHER_CTX, CipherCtxFree> ctx(EVP_CIPHER_CTX_new());
  if (!ctx) return std::nullopt;
  auto* data = reinterpret_cast<unsigned char*>(raw->data());
  size_t body = raw->size() - kNonceBytes - kTagBytes;
  std::string plain(body, '\0');
  int length = 0;
  int final_length = 0;
  bool ok =
      EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, nullptr, nullptr) > 0 &&
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_IVLEN, kNonceBytes, nullptr) > 0 &&
      EVP_DecryptInit_ex(ctx.get(), nullptr, nullptr,
                         reinterpret_cast<const unsigned char*>(key->data()), data) > 0 &&
      EVP_DecryptUpdate(ctx.get(), reinterpret_cast<unsigned char*>(plain.data()), &length,
                        data + kNonceBytes, static_cast<int>(body)) > 0 &&
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, kTagBytes,
                          data + kNonceBytes + body) > 0 &&
      EVP_DecryptFinal_ex(ctx.get(), reinterpret_cast<unsigned char*>(plain.data()) + length,
                          &final_length) > 0;
  if (!ok) return std::nullopt;
  plain.resize(static_cast<size_t>(length + final_length));
  return plain;
}

}  // namespace stagegate::live
