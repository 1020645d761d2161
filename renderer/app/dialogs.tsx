import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import type { Customer } from '../../shared/contract';
import { NewCustomerDialog, type NewCustomerPrefill } from '../features/customers/NewCustomerDialog';
import { QuickSaleDialog } from '../features/sales/QuickSaleDialog';

/** The app-wide dialogs (quick sale, new customer): any screen or shortcut can open them. */
interface Dialogs {
  openQuickSale(customer?: Customer | null): void;
  openNewCustomer(prefill?: NewCustomerPrefill): void;
  anyOpen: boolean;
}

const DialogsContext = createContext<Dialogs | null>(null);

export function DialogsProvider({ children }: { children: ReactNode }) {
  const [sale, setSale] = useState<{ opened: boolean; customer: Customer | null }>({ opened: false, customer: null });
  const [newCustomer, setNewCustomer] = useState<{ opened: boolean; prefill?: NewCustomerPrefill }>({ opened: false });

  const openQuickSale = useCallback((customer?: Customer | null) => {
    setNewCustomer((s) => ({ ...s, opened: false }));
    setSale((s) => (s.opened ? s : { opened: true, customer: customer ?? null }));
  }, []);
  const openNewCustomer = useCallback((prefill?: NewCustomerPrefill) => {
    setSale((s) => ({ ...s, opened: false }));
    setNewCustomer({ opened: true, prefill });
  }, []);

  const value = useMemo(
    () => ({ openQuickSale, openNewCustomer, anyOpen: sale.opened || newCustomer.opened }),
    [openQuickSale, openNewCustomer, sale.opened, newCustomer.opened],
  );

  return (
    <DialogsContext.Provider value={value}>
      {children}
      <QuickSaleDialog opened={sale.opened} customer={sale.customer} onClose={() => setSale((s) => ({ ...s, opened: false }))} />
      <NewCustomerDialog
        opened={newCustomer.opened}
        prefill={newCustomer.prefill}
        onClose={() => setNewCustomer((s) => ({ ...s, opened: false }))}
      />
    </DialogsContext.Provider>
  );
}

export function useDialogs(): Dialogs {
  const dialogs = useContext(DialogsContext);
  if (!dialogs) throw new Error('useDialogs outside DialogsProvider');
  return dialogs;
}
