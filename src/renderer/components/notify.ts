import { notifications } from '@mantine/notifications';
import { ApiError } from '../../shared/contract';

/** An error toast a researcher can act on: the message, and the code in the title. */
export function notifyError(err: unknown, title = 'Something went wrong'): void {
  const code = err instanceof ApiError ? err.code : null;
  notifications.show({
    color: 'red',
    title: code ? `${title} (${code})` : title,
    message: err instanceof Error ? err.message : String(err),
    autoClose: 8000,
  });
}

export function notifySuccess(message: string, title = 'Done', autoClose = 4000): void {
  notifications.show({ color: 'emerald', title, message, autoClose });
}
