import { showConfirmDialog } from 'vant'
import 'vant/es/dialog/style'
import { i18n } from '@/i18n'

/** Asks a yes/no question in a Vant dialog; resolves true on "Confirm", false on "Cancel". */
export async function confirmAction(title: string, message: string): Promise<boolean> {
  const { t } = i18n.global
  try {
    await showConfirmDialog({
      title,
      message,
      confirmButtonText: t('common.confirm'),
      cancelButtonText: t('common.cancel'),
      // Text, not HTML: the message may quote server data.
      allowHtml: false,
    })
    return true
  } catch {
    return false
  }
}
