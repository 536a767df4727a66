// Where a file is chosen: dropped on the zone or picked with the file dialog. The zone is the
// label of a real file input, so Tab reaches it and Enter or Space opens the dialog.
import { useId, useState, type DragEvent } from 'react';

interface FileDropProps {
  file: File | null;
  onFile(file: File): void;
  disabled?: boolean;
}

export function FileDrop({ file, onFile, disabled }: FileDropProps) {
  const id = useId();
  const [over, setOver] = useState(false);
  const drop = (event: DragEvent) => {
    event.preventDefault();
    setOver(false);
    const dropped = event.dataTransfer.files[0];
    if (dropped && !disabled) onFile(dropped);
  };
  return (
    <div className={`file-drop ${over ? 'over' : ''}`}>
      <input
        id={id}
        className="visually-hidden"
        type="file"
        accept=".csv,.txt,text/csv"
        aria-label="CSV file"
        disabled={disabled}
        onChange={(event) => {
          const chosen = event.target.files?.[0];
          if (chosen) onFile(chosen);
          event.target.value = '';
        }}
      />
      <label
        htmlFor={id}
        className="file-drop-label"
        data-testid="file-drop"
        onDragOver={(event) => {
          event.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={drop}
      >
        {file ? (
          <>
            <strong>{file.name}</strong> <span className="muted">· drop or choose another file</span>
          </>
        ) : (
          <>
            <strong>Drop a CSV here</strong> <span className="muted">or press to choose one</span>
          </>
        )}
      </label>
    </div>
  );
}
