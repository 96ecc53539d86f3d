import { Table, UnstyledButton } from '@mantine/core';
import { IconArrowDown, IconArrowUp, IconArrowsSort } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import type { DocumentSort, SortOrder } from './library-params';
import classes from './library.module.css';

export interface TableSort {
  sort: DocumentSort;
  order: SortOrder;
  /** Sorts by `sort`: the other way round if it is the current sort, else in its default order. */
  onSort: (sort: DocumentSort) => void;
}

interface SortableHeaderProps extends TableSort {
  /** The sort this column stands for. */
  column: DocumentSort;
  children: ReactNode;
  w?: number;
  align?: 'left' | 'right';
}

/**
 * A column header that sorts the table: a button (click, Enter or Space), and `aria-sort` on the header of the
 * current sort only, as screen readers expect.
 */
export function SortableHeader({ column, sort, order, onSort, children, w, align }: SortableHeaderProps) {
  const active = column === sort;
  const Icon = !active ? IconArrowsSort : order === 'asc' ? IconArrowUp : IconArrowDown;
  const icon = <Icon size={14} aria-hidden className={classes.sortIcon} />;
  return (
    <Table.Th
      w={w}
      ta={align}
      aria-sort={active ? (order === 'asc' ? 'ascending' : 'descending') : undefined}
    >
      <UnstyledButton
        className={classes.sortButton}
        data-align={align}
        data-active={active || undefined}
        onClick={() => onSort(column)}
      >
        {align === 'right' && icon}
        {children}
        {align !== 'right' && icon}
      </UnstyledButton>
    </Table.Th>
  );
}
