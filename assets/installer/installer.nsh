; DirSync Doctor's additions to electron-builder's NSIS installer (nsis.include in electron-builder.yml).
; The platform words are those of shared/domain/app-platforms.ts, letter for letter;
; tests/installer-nsh.test.ts fails when the two differ and compiles this file with makensis.
!include WinVer.nsh

; The welcome page says where the app runs before anything is installed.
!macro customWelcomePage
  !define MUI_WELCOMEPAGE_TITLE "DirSync Doctor"
  !define MUI_WELCOMEPAGE_TEXT "DirSync Doctor diagnoses and fixes directory synchronization to Microsoft 365 / Entra ID.$\r$\n$\r$\nIt runs on 64-bit Windows 10 or 11, and Windows Server 2016, 2019, 2022 or 2025.$\r$\n$\r$\nFor a sync server on older Windows, install it on a supported computer and use its read-only collector (start page: $\"A server this app cannot run on$\")."
  !insertmacro MUI_PAGE_WELCOME
!macroend

; Electron 45 does not start on Windows 8.1 / Server 2012 R2 or older: refuse there instead of
; installing an app that cannot open. /SD IDOK keeps a silent install (/S) from waiting on the box;
; error level 1 tells a deployment script it did not install.
!macro customInit
  ${IfNot} ${AtLeastWin10}
    MessageBox MB_OK|MB_ICONSTOP "DirSync Doctor cannot be installed on this computer.$\r$\n$\r$\nIt runs on 64-bit Windows 10 or 11, and Windows Server 2016, 2019, 2022 or 2025. Windows Server 2012 R2 and older (and Windows 8.1 and older): the app does not start there.$\r$\n$\r$\nFor a sync server on this Windows, install DirSync Doctor on a supported computer, save its read-only collector (start page: $\"A server this app cannot run on$\"), run it here with PowerShell 2.0 or later, and open the file it writes in the app." /SD IDOK
    SetErrorLevel 1
    Quit
  ${EndIf}
!macroend
