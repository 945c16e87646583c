/**
 * zh-hans texts of the messages the mock sends, as each server's gettext finds them (stack.ts picks the
 * catalog of the stack the dialect runs on). Copied from the compiled catalogs (LC_MESSAGES/django.mo) of
 *   the current stack, server/.venv/lib/python3.<minor>/site-packages/: django/conf/locale and django/contrib/auth/locale
 *     (Django 5.2), rest_framework/locale (DRF 3.18), rest_framework_simplejwt/locale (simplejwt 5.5);
 *   the drf-jwt stack, server/.venv-drf-jwt/lib/python3.<minor>/site-packages/: the same of Django 3.2 and DRF 3.14
 *     (INSTALLED_APPS there have no simplejwt, and djangorestframework-jwt, not an installed app, ships no zh_Hans);
 *   both: the project's server/locale/zh_Hans (LOCALE_PATHS), which Django consults before every app's catalog.
 * Among the apps, the one listed first in INSTALLED_APPS wins and Django's own catalog comes last (DjangoTranslation
 * merges apps in reverse order), so "This field is required." is DRF's 该字段是必填项。, not Django's 这个字段是必填项。.
 * Each section below holds only the texts that win. A message with no zh_Hans text stays English (the msgid).
 * A plural message is keyed as in a .mo file, singular NUL plural; Chinese has one form.
 * tests/unit/contract/zh-hans-catalog.test.ts checks both catalogs, for every msgid the mock marks, against the .mo files.
 */

/** rest_framework (DRF 3.14 and 3.18 alike) and django.contrib.auth (Django 3.2 and 5.2 alike). */
const DRF_AND_DJANGO: Readonly<Record<string, string>> = {
  // rest_framework
  'This field is required.': '该字段是必填项。',
  'This field may not be null.': '该字段不能为 null。',
  'This field may not be blank.': '该字段不能为空。',
  'Ensure this field has no more than {max_length} characters.': '请确保这个字段不能超过 {max_length} 个字符。',
  'String value too large.': '字符串值太长。',
  'A valid integer is required.': '请填写合法的整数值。',
  'A valid number is required.': '请填写合法的数字。',
  'Ensure this value is greater than or equal to {min_value}.': '请确保该值大于或者等于 {min_value}。',
  'Ensure this value is less than or equal to {max_value}.': '请确保该值小于或者等于 {max_value}。',
  'Ensure that there are no more than {max_digits} digits in total.': '请确保总计不超过 {max_digits} 个数字。',
  'Ensure that there are no more than {max_decimal_places} decimal places.': '请确保总计不超过 {max_decimal_places} 个小数位。',
  'Ensure that there are no more than {max_whole_digits} digits before the decimal point.': '请确保小数点前不超过 {max_whole_digits} 个数字。',
  '"{input}" is not a valid choice.': '“{input}” 不是合法选项。',
  'Invalid data. Expected a dictionary, but got {datatype}.': '无效数据。期待为字典类型，得到的是 {datatype} 。',
  'Not found.': '未找到。',
  'Invalid page.': '无效页面。',
  'You do not have permission to perform this action.': '您没有执行该操作的权限。',
  'Authentication credentials were not provided.': '身份认证信息未提供。',
  'Method "{method}" not allowed.': '方法 “{method}” 不被允许。',
  'Unsupported media type "{media_type}" in request.': '不支持请求中的媒体类型 “{media_type}”。',
  // rest_framework's catalog also answers these two msgids of djangorestframework-jwt
  'Unable to log in with provided credentials.': '无法使用提供的认证信息登录。',
  'Incorrect authentication credentials.': '不正确的身份认证信息。',
  // django.contrib.auth: PasswordChangeForm and the AUTH_PASSWORD_VALIDATORS
  'Your old password was entered incorrectly. Please enter it again.': '你的旧密码不正确。请重新输入。',
  'The password is too similar to the %(verbose_name)s.': '密码跟 %(verbose_name)s 太相似了。',
  username: '用户名',
  'This password is too common.': '这个密码太常见了。',
  'This password is entirely numeric.': '密码只包含数字。',
}

/** rest_framework 3.18's, which 3.14 left in English. */
const DRF_3_18: Readonly<Record<string, string>> = {
  'Not a valid string.': '不是有效的字符串。',
  'Surrogate characters are not allowed: U+{code_point:X}.': '不允许使用代理字符: U+{code_point:X}。',
  // BooleanField (cookie mode's remember); 3.14's catalog leaves it in English
  'Must be a valid boolean.': '必须是有效的布尔值。',
}

/** rest_framework_simplejwt 5.5 (the current stack only). */
const SIMPLEJWT_5_5: Readonly<Record<string, string>> = {
  'Authorization header must contain two space-delimited values': '授权头必须包含两个用空格分隔的值',
  'Given token not valid for any token type': '此令牌对任何类型的令牌无效',
  'Token contained no recognizable user identification': '令牌未包含用户标识符',
  'User not found': '未找到该用户',
  'No active account found with the given credentials': '找不到指定凭据对应的有效用户',
  'Token has no id': '令牌没有标识符',
  'Token has no type': '令牌没有类型',
  'Token has wrong type': '令牌类型错误',
  "Token has no '{}' claim": "令牌没有 '{}' 声明",
  'Token is blacklisted': '令牌已被加入黑名单',
  "Token '{}' claim has expired": "令牌 '{}' 声明已过期",
  // InvalidToken's default detail (cookie mode: a refresh without the cookie)
  'Token is invalid or expired': '令牌无效或已过期',
}

/**
 * server/locale (LOCALE_PATHS: before every app, in both stacks): what simplejwt 5.5's and Django 5.2's catalogs
 * leave in English. The drf-jwt stack sends none of these, but its gettext would find them too. (It also has
 * "No active account found for the given token.", for an inactive or deleted user's refresh.)
 */
const PROJECT: Readonly<Record<string, string>> = {
  'Token is invalid': '令牌无效',
  'Token is expired': '令牌已过期',
  'No active account found for the given token.': '找不到指定令牌对应的有效用户',
  // Issue 23: Django's body limit (backend/exceptions.py), and DRF's NUL refusal that its catalog leaves in English.
  'Request body too large.': '请求体过大。',
  'Null characters are not allowed.': '不允许使用空字符。',
  'This password is too short. It must contain at least %d character.\u0000This password is too short. It must contain at least %d characters.':
    '密码长度太短。密码必须包含至少 %d 个字符。',
  // A session's device label (accounts/devices.py).
  '%(browser)s on %(system)s': '%(system)s 上的 %(browser)s',
  'Unknown device': '未知设备',
  // The lockout's 429 (accounts/lockout).
  'Too many failed attempts. Try again later.': '失败次数过多，请稍后再试。',
  // Cookie mode's CSRF refusal (issue 26).
  'Cross-site request refused.': '已拒绝跨站请求。',
}

/** simplejwt and simplejwt-sliding: Django 5.2, DRF 3.18, simplejwt 5.5 and the project's catalog. */
export const ZH_HANS_CURRENT: Readonly<Record<string, string>> = { ...DRF_AND_DJANGO, ...DRF_3_18, ...SIMPLEJWT_5_5, ...PROJECT }

/** drf-jwt: Django 3.2, DRF 3.14 and the project's catalog. */
export const ZH_HANS_DRF_JWT: Readonly<Record<string, string>> = { ...DRF_AND_DJANGO, ...PROJECT }
