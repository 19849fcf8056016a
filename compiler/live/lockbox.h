// Decrypting ToolJet's encrypted columns (workspace constant values and data
// source credentials), which use a Lockbox-compatible scheme
// (docs/import.md, Secrets):
//   key        = HKDF-SHA384(input key = the hex LOCKBOX_MASTER_KEY,
//                            salt = the table name,
//                            info = 32 bytes of 0xB4 + "<column>_ciphertext",
//                            32 bytes)
//   ciphertext = base64(12-byte nonce || AES-256-GCM ciphertext || 16-byte tag)
// ToolJet passes the workspace (organization) id as the "column" for
// constant values. Only global constant values are ever decrypted: stagegate
// never decrypts a secret.
#ifndef STAGEGATE_LIVE_LOCKBOX_H_
#define STAGEGATE_LIVE_LOCKBOX_H_

#include <optional>
#include <string>
#include <string_view>

namespace stagegate::live {

class LockboxKey {
 public:
  // Parses the master key: 64 hexadecimal digits (32 bytes). nullopt, with
  // `*problem` saying what is wrong (never the key), otherwise.
  static std::optional<LockboxKey> Parse(std::string_view hex, std::string* problem);

  // Decrypts one value; nullopt when it is not valid base64, too short, or
  // the tag does not match (a wrong key, or another table or column).
  std::optional<std::string> Decrypt(std::string_view table, std::string_view column,
                                     std::string_view ciphertext) const;

 private:
  std::string key_;  // 32 raw bytes
};

}  // namespace stagegate::live

#endif  // STAGEGATE_LIVE_LOCKBOX_H_
