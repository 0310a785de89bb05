/**
 * The header of a lesson column: date (ДД.ММ), a short topic, the type of work and its weight;
 * the full topic and the homework on hover. A button, so a teacher opens the lesson's details
 * with a click or from the keyboard.
 */
import type { IHeaderComp, IHeaderParams } from 'ag-grid-community';
import type { DocLesson, DocMeta } from '../../domain/journal-doc.ts';
import { formatDate, formatDayMonth } from '../../domain/dates.ts';

/** What a lesson header needs besides AG Grid's own parameters. */
export interface LessonHeaderParams {
	lesson: DocLesson;
	workType: DocMeta['workTypes'][number] | undefined;
	onOpen: (lessonId: number) => void;
}

const SHORT_TOPIC = 18;

/** A short label of a type of work for a narrow header: «Контрольная работа» → «к/р», «Диктант» → «дикт.». */
export function workTypeShort(name: string): string {
	const words = name.toLowerCase().split(/\s+/).filter(Boolean);
	if (words.length === 2 && words[1] === 'работа') return `${words[0][0]}/р`;
	if (words.length > 1) return words.filter((word) => word.length > 2).map((word) => word[0]).join('').toUpperCase();
	return words[0] && words[0].length > 5 ? `${words[0].slice(0, 4)}.` : (words[0] ?? '');
}

/** The lesson's description for hover and screen readers. */
export function lessonTitle(lesson: DocLesson, workType: LessonHeaderParams['workType']): string {
	const lines = [`${formatDate(lesson.date)}${lesson.lessonNo ? `, ${lesson.lessonNo}-й урок` : ''}`];
	lines.push(lesson.topic ? `Тема: ${lesson.topic}` : 'Тема не указана');
	if (workType) lines.push(`${workType.name}, вес ${String(workType.weight).replace('.', ',')}`);
	if (lesson.homework) lines.push(`Домашнее задание: ${lesson.homework}`);
	if (lesson.flag) lines.push(`Расписание: ${lesson.flag}`);
	return lines.join('\n');
}

/** AG Grid header component of a lesson column. */
export class LessonHeader implements IHeaderComp {
	private gui!: HTMLButtonElement;
	private params!: IHeaderParams & LessonHeaderParams;

	/** Builds the header. */
	init(params: IHeaderParams & LessonHeaderParams): void {
		this.params = params;
		this.gui = document.createElement('button');
		this.gui.type = 'button';
		this.gui.className = 'lesson-head';
		// AG Grid moves focus between headers itself; the button must not be a separate tab stop.
		this.gui.tabIndex = -1;
		this.gui.addEventListener('click', () => this.params.onOpen(this.params.lesson.id));
		this.render();
	}

	/** The header's element. */
	getGui(): HTMLElement {
		return this.gui;
	}

	/** Re-renders with new parameters (a lesson changed); true means "refreshed in place". */
	refresh(params: IHeaderParams & LessonHeaderParams): boolean {
		this.params = params;
		this.render();
		return true;
	}

	private render(): void {
		const { lesson, workType } = this.params;
		const topic = lesson.topic ?? '';
		this.gui.replaceChildren(
			line('lesson-date', `${lesson.flag ? '⚠ ' : ''}${formatDayMonth(lesson.date)}`),
			line('lesson-topic', topic.length > SHORT_TOPIC ? `${topic.slice(0, SHORT_TOPIC - 1)}…` : topic || '—'),
			line('lesson-type', workType ? `${workTypeShort(workType.name)}${workType.weight === 1 ? '' : ` ×${String(workType.weight).replace('.', ',')}`}` : '')
		);
		const title = lessonTitle(lesson, workType);
		this.gui.title = title;
		this.gui.setAttribute('aria-label', `Урок ${title.replace(/\n/g, '. ')}`);
		this.gui.dataset.lessonId = String(lesson.id);
		this.gui.dataset.date = lesson.date;
		// A lesson the timetable no longer holds but which has entries: the teacher decides what to do with it.
		this.gui.classList.toggle('lesson-flagged', !!lesson.flag);
	}
}

function line(className: string, text: string): HTMLSpanElement {
	const span = document.createElement('span');
	span.className = className;
	span.textContent = text;
	return span;
}
